import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runCli } from './runCli'
import { recordingIo } from '../../../test/support/cliRun'

const fakeIo = () => recordingIo()

describe('cli', () => {
  it('prints help listing the commands', async () => {
    const t = fakeIo()
    expect(await runCli(['--help'], t.io)).toBe(0)
    expect(t.out()).toMatch(/usage: npm run cli -- <command>/)
    expect(t.out()).toMatch(/version\s+print the app version/)
  })

  it('fails with a one-line reason and exit 2 on an unknown command or option', async () => {
    const unknown = fakeIo()
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2)
    expect(unknown.err()).toBe("error: unknown command 'frobnicate' (see --help)\n")
    expect(unknown.out()).toBe('')
    const badOption = fakeIo()
    expect(await runCli(['version', '--colour'], badOption.io)).toBe(2)
    expect(badOption.err().split('\n')[0]).toMatch(/^error: .*--colour/)
  })

  it('prints only JSON on stdout from the real entry point', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'version'])
    expect(JSON.parse(stdout)).toMatchObject({ name: 'billops-tracker', version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  })
})
