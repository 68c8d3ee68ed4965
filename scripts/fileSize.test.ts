// #24: a source file over 350 lines is split along its seams, or says near its top why it stays
// whole ("Over 350 lines on purpose: …"). Tests and fixtures are exempt: a test file is a list.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const MAX_LINES = 350
const REASON = /over 350 lines on purpose: \S/iu

export function oversizedWithoutReason(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  return files
    .filter(({ text }) => text.split('\n').length - 1 > MAX_LINES)
    .filter(({ text }) => !REASON.test(text.split('\n').slice(0, 8).join('\n')))
    .map(({ path }) => path)
}

describe('file size', () => {
  it('every source file over 350 lines says why it stays whole', () => {
    const sources = execFileSync('git', ['ls-files', 'src'], { encoding: 'utf8' })
      .split('\n')
      .filter((file) => /\.(ts|tsx)$/u.test(file) && !/\.test\.tsx?$/u.test(file))
    expect(oversizedWithoutReason(sources.map((path) => ({ path, text: readFileSync(path, 'utf8') })))).toEqual([])
  })

  it('would name a long file without a reason, and not a short one or one that gives its reason', () => {
    const long = 'const a = 1\n'.repeat(351)
    expect(
      oversizedWithoutReason([
        { path: 'long.ts', text: long },
        { path: 'short.ts', text: 'const a = 1\n'.repeat(350) },
        { path: 'reasoned.ts', text: `// Over 350 lines on purpose: one grammar.\n${long}` },
      ]),
    ).toEqual(['long.ts'])
  })
})
