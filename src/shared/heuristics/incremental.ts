// The fold kept alive between batches of new signals (what the worker holds): appending costs
// O(new signals), and the answer is the entries closed since the last call plus a preview of
// the open tail (at most a few entries), which the host stores as tentative.
import { SuggestionFold, type Finished } from './fold'
import { normalizeSignalName } from '../signalNames'
import { SignalColumnsBuilder, type SignalColumns } from './signalColumns'
import { signalTypeCode } from './signalTable'
import type { EngineConfig } from './types'
import type { Interval } from '../presence'

/** A stored signal as the host hands it over: ts in epoch milliseconds, already validated. */
export interface StoredSignal {
  ts: number
  app: string
  type: string
  count: number
  title: string | null
}

export interface TailUpdate {
  closed: Finished[]
  open: Finished[]
}

export class OutOfOrderError extends Error {
  constructor(ts: number, last: number) {
    super(`signal at ${ts} is older than the last one processed (${last})`)
    this.name = 'OutOfOrderError'
  }
}

export class IncrementalSuggester {
  private readonly fold: SuggestionFold

  constructor(config: EngineConfig) {
    this.fold = new SuggestionFold(config)
  }

  get lastSignalTs(): number {
    return this.fold.lastSignalTs
  }

  /** Signals must come in time order (ties allowed); an older one throws OutOfOrderError. */
  append(signals: readonly StoredSignal[]): TailUpdate {
    const columns = new SignalColumnsBuilder(signals.length)
    for (const signal of signals) {
      // Stored signals use our names; anything else is read like the batch decoders read it (#12).
      const type =
        signalTypeCode.get(signal.type) ?? (signalTypeCode.get(normalizeSignalName(signal.type, null).type) as number)
      columns.push(signal.ts, signal.app, type, signal.count, signal.title)
    }
    return this.appendColumns(columns.finish())
  }

  /** The same for signals as columns (the worker's input), with the attended calendar meetings
   * around them (presence: quiet stretches inside them stay in the activity). */
  appendColumns(c: SignalColumns, attendedMeetings: readonly Interval[] = []): TailUpdate {
    this.fold.addAttendedMeetings(attendedMeetings)
    const last = this.fold.lastSignalTs
    for (let i = 0; i < c.length; i++) {
      if ((c.ts[i] as number) < last) throw new OutOfOrderError(c.ts[i] as number, last)
    }
    // Interned in the order they first appear, as one by one: indices (and ties) stay the same.
    const apps = c.apps.map((app) => this.fold.internApp(app))
    const titles = c.titles.map((title) => this.fold.internTitle(title))
    for (let i = 0; i < c.length; i++) {
      const title = c.title[i] as number
      this.fold.push(
        c.ts[i] as number,
        apps[c.app[i] as number] as number,
        c.type[i] as number,
        title >= 0 ? (titles[title] as number) : -1,
      )
    }
    return { closed: this.fold.takeClosed(), open: this.fold.previewOpen() }
  }

  /** Closes everything (a one-off computation over a finished range). */
  finish(): Finished[] {
    return this.fold.finish()
  }
}

/** Entries for one range of stored signals, from scratch (rule re-application). */
export function suggestStored(signals: readonly StoredSignal[], config: EngineConfig): Finished[] {
  const suggester = new IncrementalSuggester(config)
  const sorted = [...signals].sort((a, b) => a.ts - b.ts)
  const { closed } = suggester.append(sorted)
  return [...closed, ...suggester.finish()]
}

/** The same for columns already in time order (the host reads them so); out of order throws. */
export function suggestColumns(columns: SignalColumns, config: EngineConfig): Finished[] {
  const suggester = new IncrementalSuggester(config)
  const { closed } = suggester.appendColumns(columns)
  return [...closed, ...suggester.finish()]
}
