import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startedAsProgram } from './bin'

describe('the built CLI entry runs only when started as a program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billops-bin-'))
  const self = join(dir, 'billops.js')
  writeFileSync(self, '')
  symlinkSync(self, join(dir, 'billops'))

  it('runs when Node was started with it, directly or through the bin symlink', () => {
    expect(startedAsProgram(self, self)).toBe(true)
    expect(startedAsProgram(self, join(dir, 'billops'))).toBe(true)
  })

  it('does not run (nor throw) when imported by the packaged app, whose argv[1] is `--cli`', () => {
    expect(startedAsProgram(self, '--cli')).toBe(false)
    expect(startedAsProgram(self, undefined)).toBe(false)
    expect(startedAsProgram(self, join(dir, 'other.js'))).toBe(false)
  })
})
