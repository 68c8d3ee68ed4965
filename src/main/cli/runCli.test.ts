import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runCli } from './runCli'
import { recordingIo } from '../../../test/support/cliRun'

const fakeIo = () => recordingIo()

describe('cli', () => {
  it('prints help listing the commands, under the name it was called by', async () => {
    const t = fakeIo()
    expect(await runCli(['--help'], t.io)).toBe(0)
    expect(t.out()).toMatch(/usage: billops <command>/)
    expect(t.out()).toMatch(/version\s+print the app version/)
    const viaNpm = recordingIo()
    viaNpm.io.program = 'npm run cli --'
    expect(await runCli(['--help'], viaNpm.io)).toBe(0)
    expect(viaNpm.out()).toMatch(/usage: npm run cli -- <command>/)
    expect(viaNpm.out()).not.toMatch(/billops </)
  })

  it('fails with a one-line reason and exit 2 on an unknown command or option', async () => {
    const unknown = fakeIo()
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2)
    expect(unknown.err()).toBe("error: unknown command 'frobnicate' (see billops --help)\n")
    expect(unknown.out()).toBe('')
    const badOption = fakeIo()
    expect(await runCli(['version', '--colour'], badOption.io)).toBe(2)
    expect(badOption.err().split('\n')[0]).toMatch(/^error: .*--colour/)
  })

  it('prints only JSON on stdout from the real entry point', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'version'])
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'billops-tracker',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    })
  })
})
