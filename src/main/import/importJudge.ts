// The reading and judging of one import, fed chunk by chunk (text from Settings → Import, bytes
// from a file or stdin in the CLI) and run inside the import worker (importWorker.ts), never on a
// thread that must stay responsive:
// - an ActivityWatch export is parsed as it arrives (activityWatchStream.ts): neither its text
//   nor its parse tree is ever whole in memory;
// - a seed request is kept as text and read as before (importSlicedText.ts: the streaming byte
//   reader when it takes the request as written, else JSON.parse and the liberal reading), so the
//   report and the records are those of the old in-process path.
// `auto` tells the two apart by the first characters (an export starts with `{"buckets":`);
// anything else goes the seed way, whose JSON.parse still recognises an export written otherwise.
import { TextDecoder } from 'node:util'
import type { SignalRecord } from '../store/signals'
import { ActivityWatchStream } from './activityWatchStream'
import { ImportCollector, type ImportFormat, type ImportReport } from './importSignals'
import { ACTIVITY_WATCH_HEAD, importTextSlicedSteps } from './importSlicedText'
import { runSteps } from './importSteps'
import type { Settings } from '../../shared/domain'

export interface JudgeOptions {
  settings: Settings
  nowMs: number
  strict?: boolean
}

export interface Judged {
  report: ImportReport
  records: readonly SignalRecord[]
}

/** Characters (or bytes) looked at to tell an ActivityWatch export from a seed request. */
const HEAD_UNITS = 64

export class ImportJudge {
  private head: (Uint8Array | string)[] = []
  private headUnits = 0
  private route:
    | {
        kind: 'activitywatch'
        stream: ActivityWatchStream
        collector: ImportCollector
        written: { records: readonly SignalRecord[] }
      }
    | { kind: 'text'; parts: string[]; decoder: TextDecoder }
    | null = null

  constructor(
    private readonly format: ImportFormat | 'auto',
    private readonly options: JudgeOptions,
  ) {}

  push(chunk: Uint8Array | string): void {
    if (this.route) return this.feed(chunk)
    this.head.push(chunk)
    this.headUnits += chunk.length
    if (this.headUnits >= HEAD_UNITS) this.chooseRoute()
  }

  end(): Judged {
    if (!this.route) this.chooseRoute()
    const route = this.route
    if (!route) throw new Error('unreachable: no route')
    if (route.kind === 'activitywatch') {
      const info = route.stream.end()
      const report = route.collector.finish(null, 'activitywatch', { activitywatch: info })
      return { report, records: route.written.records }
    }
    route.parts.push(route.decoder.decode())
    const text = route.parts.join('')
    route.parts = []
    const written = { records: [] as readonly SignalRecord[] }
    const report = runSteps(
      importTextSlicedSteps(null, text, this.format, {
        ...this.options,
        write: (usable) => void (written.records = usable),
      }),
    )
    return { report, records: written.records }
  }

  private chooseRoute(): void {
    const headText = this.head
      .map((part) => (typeof part === 'string' ? part : new TextDecoder().decode(part)))
      .join('')
      .slice(0, HEAD_UNITS)
    const activityWatch =
      this.format === 'activitywatch' || (this.format === 'auto' && ACTIVITY_WATCH_HEAD.test(headText))
    const head = this.head
    this.head = []
    if (activityWatch) {
      const written = { records: [] as readonly SignalRecord[] }
      const collector = new ImportCollector({ ...this.options, write: (usable) => void (written.records = usable) })
      this.route = { kind: 'activitywatch', stream: new ActivityWatchStream(collector), collector, written }
      // A byte-order mark is dropped as decoding bytes drops it (activityWatchStream.ts).
      const [first, ...rest] = head
      if (typeof first === 'string') this.feed(first.replace(/^\uFEFF/u, ''))
      else if (first) this.feed(first)
      for (const part of rest) this.feed(part)
      return
    }
    this.route = { kind: 'text', parts: [], decoder: new TextDecoder('utf-8') }
    for (const part of head) this.feed(part)
  }

  private feed(chunk: Uint8Array | string): void {
    const route = this.route
    if (!route) return
    if (route.kind === 'activitywatch') route.stream.push(chunk)
    else route.parts.push(typeof chunk === 'string' ? chunk : route.decoder.decode(chunk, { stream: true }))
  }
}
