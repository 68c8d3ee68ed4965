import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../runCli'
import { recordingIo } from '../../../../test/support/cliRun'
import { STREAM_GENERAL_BYTES } from '../../import/ingestRequest'
import { prng } from '../../../../test/shared/prng'

const capture = (stdinText = '') => recordingIo([Buffer.from(stdinText)])

const dir = mkdtempSync(join(tmpdir(), 'billops-suggest-'))
const seedRequest = {
  activity_signals: [
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
    { timestamp: '2024-01-24T09:15:00Z', app: 'vscode', type: 'mouse_click', source_type: 'mouse' },
  ],
  idle_threshold_minutes: 20,
  max_merge_idle_minutes: 20,
}

describe('cli suggest', () => {
  it('prints only the task result JSON for a request file', async () => {
    const file = join(dir, 'request.json')
    writeFileSync(file, JSON.stringify(seedRequest))
    const t = capture()
    expect(await runCli(['suggest', '--input', file, '--now', '2024-01-25T00:00:00Z'], t.io)).toBe(0)
    const result = JSON.parse(t.out())
    expect(Object.keys(result)).toEqual(['status', 'suggested_count', 'verification_required', 'entries'])
    expect(result).toMatchObject({ status: 'success', suggested_count: 1 })
    expect(result.entries[0]).toMatchObject({
      started_at: '2024-01-24T09:00:00Z',
      ended_at: '2024-01-24T09:15:00Z',
      duration_minutes: 15,
    })
    expect(t.err()).toBe('')
  })

  it('reads stdin with --input - and exits 0 for partial_success', async () => {
    const body = {
      activity_signals: [...seedRequest.activity_signals, { app: 'vscode', type: 'keyboard', source_type: 'keyboard' }],
    }
    const t = capture(JSON.stringify(body))
    expect(await runCli(['suggest', '--input', '-'], t.io)).toBe(0)
    const result = JSON.parse(t.out())
    expect(result.status).toBe('partial_success')
    expect(result.verification_required[0].description).toBe('Signal #3 missing timestamp field')
  })

  it('handles unusual but valid JSON (escaped keys, number forms)', async () => {
    const text = `{"activity_\\u0073ignals": ${JSON.stringify(seedRequest.activity_signals)}, "idle_threshold_minutes": 20.0, "max_merge_idle_minutes": 2e1}`
    const t = capture(text)
    expect(await runCli(['suggest', '--input', '-'], t.io)).toBe(0)
    expect(JSON.parse(t.out()).entries[0].duration_minutes).toBe(15)
  })

  it('fails with one line when the input is not JSON or not a request', async () => {
    const notJson = capture('{"activity_signals": [')
    expect(await runCli(['suggest', '--input', '-'], notJson.io)).not.toBe(0)
    expect(notJson.out()).toBe('')
    expect(notJson.err().trim().split('\n')).toHaveLength(1)
    expect(notJson.err()).toContain('not JSON')

    const notRequest = capture('{"signals": []}')
    expect(await runCli(['suggest', '--input', '-'], notRequest.io)).not.toBe(0)
    expect(notRequest.err()).toContain('not an ingest request')

    const badThreshold = capture('{"activity_signals": [], "idle_threshold_minutes": -1}')
    expect(await runCli(['suggest', '--input', '-'], badThreshold.io)).not.toBe(0)
    expect(badThreshold.err()).toContain('idle_threshold_minutes')
  })

  /** A day and more of varied signals, over the bytes a pipe keeps for the general path: what
   * a seed client sends, with titles, other tools' names, escapes, multibyte names and bad ones. */
  function variedRequest(): string {
    const apps = ['vscode', 'chrome', 'café', 'Мой офис', '日本語 🙂', 'a"b', 'outlook']
    const signals: string[] = []
    for (
      let i = 0, t = Date.parse('2024-01-24T08:00:00Z'), length = 0;
      length < STREAM_GENERAL_BYTES + 200_000;
      i++, length += (signals.at(-1)?.length ?? 0) + 1
    ) {
      t += i % 900 === 899 ? 20 * 60_000 : 1000 * (1 + (i % 4))
      const ts = new Date(t).toISOString().replace('.000Z', 'Z')
      const app = JSON.stringify(apps[Math.floor(i / 300) % apps.length])
      if (i % 11 === 0)
        signals.push(
          `{"app":${app},"timestamp":"${ts}","type":"scroll","source_type":"mouse","title":"Brief ${i % 7} — naïve"}`,
        )
      else if (i % 13 === 0)
        signals.push(
          `{ "timestamp" : "${ts}", "app" : ${app.replace(/o/g, '\\u006f')}, "type": "keyboard", "source_type": "keyboard", "count": ${i % 5} }`,
        )
      else if (i % 997 === 0)
        signals.push(`{"timestamp":"yesterday","app":${app},"type":"keyboard","source_type":"keyboard"}`)
      else
        signals.push(
          `{"timestamp":"${ts}","app":${app},"type":"${i % 2 ? 'keyboard' : 'mouse_move'}","source_type":"${i % 2 ? 'keyboard' : 'mouse'}"}`,
        )
    }
    return `{"activity_signals":[${signals.join(',')}],"idle_threshold_minutes":5}`
  }

  it('prints the same bytes for a request from a pipe as for the same request as a file', async () => {
    const text = variedRequest()
    const file = join(dir, 'varied.json')
    writeFileSync(file, text)
    const fromFile = capture()
    expect(await runCli(['suggest', '--input', file, '--now', '2024-02-01T00:00:00Z'], fromFile.io)).toBe(0)
    expect(JSON.parse(fromFile.out()).suggested_count).toBeGreaterThan(10)
    // stdin in uneven chunks, cut inside multibyte characters and tokens alike
    const bytes = Buffer.from(text, 'utf8')
    const chunks: Buffer[] = []
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = [65_536, 1, 4093, 3, 131_072, 17][i % 6] as number
      chunks.push(bytes.subarray(at, at + size))
      at += size
    }
    const fromPipe = recordingIo(chunks)
    expect(await runCli(['suggest', '--input', '-', '--now', '2024-02-01T00:00:00Z'], fromPipe.io)).toBe(0)
    expect(fromPipe.out()).toBe(fromFile.out())
    expect(fromPipe.err()).toBe('')

    // and through a real pipe into the CLI process
    const cli = `"${process.execPath}" --import tsx src/main/cli.ts suggest --now 2024-02-01T00:00:00Z`
    const piped = spawnSync('bash', ['-c', `cat "${file}" | ${cli} --input -`], {
      encoding: 'utf8',
      cwd: process.cwd(),
      maxBuffer: 64 << 20,
    })
    expect(piped.stderr).toBe('')
    expect(piped.stdout).toBe(fromFile.out())
  })

  it('a real stdin (read from its descriptor): a file redirected, a shape only the general path takes, and one closed early', async () => {
    const cli = `"${process.execPath}" --import tsx src/main/cli.ts suggest --now 2024-02-01T00:00:00Z --input -`
    const run = (line: string) =>
      spawnSync('bash', ['-c', line], { encoding: 'utf8', cwd: process.cwd(), maxBuffer: 64 << 20 })
    const text = variedRequest()
    const file = join(dir, 'varied-fd.json')
    writeFileSync(file, text)
    const fromFile = capture()
    expect(await runCli(['suggest', '--input', file, '--now', '2024-02-01T00:00:00Z'], fromFile.io)).toBe(0)
    const redirected = run(`${cli} < "${file}"`)
    expect(redirected.stderr).toBe('')
    expect(redirected.stdout).toBe(fromFile.out())

    // nested deeper than the byte reader goes: it declines, and the kept bytes are read as JSON
    const general = join(dir, 'general.json')
    writeFileSync(
      general,
      `{"idle_threshold_minutes":20,"activity_signals":${JSON.stringify(seedRequest.activity_signals)},"extra":${'['.repeat(600)}${']'.repeat(600)}}`,
    )
    const generalOut = run(`cat "${general}" | ${cli}`)
    expect(generalOut.stderr).toBe('')
    expect(JSON.parse(generalOut.stdout).suggested_count).toBe(1)
    // declined at its first bytes, 2 MB long: the rest is read after the decline, for the general path
    const signals = Array.from({ length: 20_000 }, (_, i) => ({
      timestamp: new Date(Date.parse('2024-01-24T08:00:00Z') + i * 2000).toISOString().replace('.000Z', 'Z'),
      app: i % 3000 < 1500 ? 'vscode' : 'chrome',
      type: 'keyboard',
      source_type: 'keyboard',
    }))
    const declinedEarly = join(dir, 'declined-early.json')
    writeFileSync(
      declinedEarly,
      `{"extra":${'['.repeat(600)}${']'.repeat(600)},"activity_signals":${JSON.stringify(signals)}}`,
    )
    const declinedFromFile = capture()
    expect(
      await runCli(['suggest', '--input', declinedEarly, '--now', '2024-02-01T00:00:00Z'], declinedFromFile.io),
    ).toBe(0)
    expect(JSON.parse(declinedFromFile.out()).suggested_count).toBeGreaterThan(1)
    const declinedOut = run(`cat "${declinedEarly}" | ${cli}`)
    expect(declinedOut.stderr).toBe('')
    expect(declinedOut.stdout).toBe(declinedFromFile.out())

    const cut = join(dir, 'cut.json')
    writeFileSync(cut, Buffer.from(text, 'utf8').subarray(0, STREAM_GENERAL_BYTES + 100_000))
    const cutOut = run(`cat "${cut}" | ${cli}`)
    expect(cutOut.status).toBe(1)
    expect(cutOut.stdout).toBe('')
    expect(cutOut.stderr).toContain(`(the input ends early, after ${STREAM_GENERAL_BYTES + 100_000} bytes)`)
  })

  it('stdin closed early: one line saying so, exit 1, nothing on stdout', async () => {
    const text = variedRequest()
    const cut = Buffer.from(text, 'utf8').subarray(0, STREAM_GENERAL_BYTES + 100_000)
    const t = recordingIo([cut.subarray(0, 65_536), cut.subarray(65_536)])
    expect(await runCli(['suggest', '--input', '-'], t.io)).toBe(1)
    expect(t.out()).toBe('')
    expect(t.err()).toBe(
      `error: stdin is not a request the streaming reader takes (the input ends early, after ${cut.length} bytes); over 4 MB it is not read a second time as general JSON: check the request, or pass it as a file (--input FILE)\n`,
    )
  })

  it('a missing --input is a usage error (exit 2)', async () => {
    const t = capture()
    expect(await runCli(['suggest'], t.io)).toBe(2)
  })

  it('through npm run: stdout holds nothing but the JSON', () => {
    const file = join(dir, 'request2.json')
    writeFileSync(file, JSON.stringify(seedRequest))
    const child = spawnSync('npm', ['run', '--silent', 'cli', '--', 'suggest', '--input', file], {
      encoding: 'utf8',
      cwd: process.cwd(),
    })
    expect(child.status).toBe(0)
    expect(JSON.parse(child.stdout).suggested_count).toBe(1)
  })
})

describe('cli suggest: signals in any order (#23)', () => {
  // A working day the way a seed client sends it: several apps, a quiet call, a lock at lunch,
  // names from other tools (`scroll`, `app_switch`, source `app`).
  const day = (() => {
    const out: Array<Record<string, string>> = []
    const at = (minute: number, second = 0) =>
      new Date(Date.parse('2024-01-24T08:00:00Z') + minute * 60_000 + second * 1000).toISOString().replace('.000Z', 'Z')
    const work = (app: string, from: number, to: number, type = 'keyboard', source = 'keyboard') => {
      for (let m = from; m < to; m++)
        for (const s of [0, 20, 40]) out.push({ timestamp: at(m, s), app, type, source_type: source })
    }
    work('vscode', 0, 50)
    work('chrome', 50, 70, 'scroll', 'mouse')
    out.push({ timestamp: at(70), app: 'zoom', type: 'app_switch', source_type: 'app' })
    work('zoom', 71, 75, 'mouse_click', 'mouse')
    work('zoom', 95, 100, 'mouse_click', 'mouse') // 20 quiet minutes in the call
    work('outlook', 100, 130)
    out.push({ timestamp: at(131), app: 'system', type: 'lock', source_type: 'system' })
    out.push({ timestamp: at(190), app: 'system', type: 'unlock', source_type: 'system' })
    work('word', 191, 260)
    return out
  })()

  it('a shuffled day is `success` with the same entries as the sorted day, and one informational count', async () => {
    const random = prng(23)
    const shuffled = [...day]
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
    }
    const results = []
    for (const [name, signals] of [
      ['sorted', day],
      ['shuffled', shuffled],
    ] as const) {
      const file = join(dir, `${name}.json`)
      writeFileSync(file, JSON.stringify({ activity_signals: signals }))
      const t = capture()
      expect(await runCli(['suggest', '--input', file, '--now', '2024-01-25T00:00:00Z'], t.io)).toBe(0)
      results.push(JSON.parse(t.out()))
      const piped = capture(JSON.stringify({ activity_signals: signals }))
      expect(await runCli(['suggest', '--input', '-', '--now', '2024-01-25T00:00:00Z'], piped.io)).toBe(0)
      expect(JSON.parse(piped.out())).toEqual(results.at(-1))
    }
    const [sorted, mixed] = results
    expect(sorted.status).toBe('success')
    expect(mixed.status).toBe('success')
    expect(mixed.verification_required).toEqual(sorted.verification_required)
    expect(mixed.entries).toEqual(sorted.entries)
    expect(sorted.entries.map((e: { activity_type: string }) => e.activity_type)).toEqual([
      'focused_work',
      'research',
      'meeting',
      'communication',
      'writing',
    ])
    expect(sorted.info).toBeUndefined()
    expect(Object.keys(mixed.info)).toEqual(['out_of_order_signals'])
    expect(mixed.info.out_of_order_signals).toBeGreaterThan(0)
  })
})
