#!/usr/bin/env node
// Runs @doyensec/electronegativity over the sources and fails on any finding above informational
// that is not explained next to the code by a comment of the form
//   // electronegativity: CHECK_NAME — why this is safe
// on the finding's line or within the three lines above it. Informational findings are listed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = process.cwd()
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'findings.sarif')
// -e pins the Electron version: the tool otherwise fetches release data from the network, which
// this project's build machines cannot reach.
const run = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
    '-i',
    'src',
    '-o',
    out,
    '-r',
    '-v',
    'false',
    '-e',
    electronVersion,
  ],
  { cwd: root, encoding: 'utf8' },
)
let sarif
try {
  sarif = JSON.parse(readFileSync(out, 'utf8'))
} catch {
  console.error(`electronegativity produced no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
  process.exit(1)
}

const findings = sarif.runs
  .flatMap((r) => r.results ?? [])
  .map((result) => {
    const location = result.locations?.[0]?.physicalLocation ?? {}
    return {
      check: result.ruleId,
      level: result.level ?? 'warning',
      file: join('src', location.artifactLocation?.uri ?? '?'),
      line: location.region?.startLine ?? 0,
    }
  })

function explained({ check, file, line }) {
  let lines
  try {
    lines = readFileSync(join(root, file), 'utf8').split('\n')
  } catch {
    return false
  }
  const window = lines.slice(Math.max(0, line - 4), line).join('\n')
  return new RegExp(`electronegativity: ${check}\\b`).test(window)
}

let failures = 0
for (const finding of findings) {
  const informational = finding.level === 'note' || finding.level === 'none'
  const ok = explained(finding)
  const verdict = ok ? 'explained' : informational ? 'informational' : 'UNEXPLAINED'
  if (!ok && !informational) failures += 1
  console.log(`${verdict.padEnd(13)} ${finding.level.padEnd(8)} ${finding.check}  ${finding.file}:${finding.line}`)
}
console.log(
  `electronegativity ${electronVersion}: ${findings.length} findings, ${failures} unexplained above informational`,
)
process.exit(failures === 0 ? 0 : 1)
