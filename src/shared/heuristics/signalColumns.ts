// Signals as columns: what the heuristics host posts to its worker. A typed array is copied by
// postMessage as one block, where an array of a million small objects is cloned object by object
// and then has to be collected on both sides: this is most of what `cli process` after a big
// import cost before (#14). App names and titles travel once each, as tables.
import { enlarged, SIGNAL_TYPES, signalTypeCode } from './signalTable'

/** The code of `lock`: what cuts activity where a fixed entry's span is left out. */
export const LOCK_TYPE = signalTypeCode.get('lock') as number

export interface SignalColumns {
  length: number
  /** epoch milliseconds, in time order */
  ts: Float64Array<ArrayBuffer>
  /** index into `apps` */
  app: Int32Array<ArrayBuffer>
  apps: string[]
  /** index into SIGNAL_TYPES */
  type: Int8Array<ArrayBuffer>
  count: Uint32Array<ArrayBuffer>
  /** index into `titles`, -1 for none */
  title: Int32Array<ArrayBuffer>
  titles: string[]
}

export class SignalColumnsBuilder {
  private length = 0
  private ts: Float64Array<ArrayBuffer>
  private app: Int32Array<ArrayBuffer>
  private type: Int8Array<ArrayBuffer>
  private count: Uint32Array<ArrayBuffer>
  private title: Int32Array<ArrayBuffer>
  private readonly apps: string[] = []
  private readonly appIndex = new Map<string, number>()
  private readonly titles: string[] = []
  private readonly titleIndex = new Map<string, number>()

  constructor(capacity: number) {
    const n = Math.max(1, capacity)
    this.ts = new Float64Array(n)
    this.app = new Int32Array(n)
    this.type = new Int8Array(n)
    this.count = new Uint32Array(n)
    this.title = new Int32Array(n)
  }

  /** `type` is the code of one of our names (SIGNAL_TYPES); an empty title counts as none. */
  push(ts: number, app: string, type: number, count: number, title: string | null): void {
    if (this.length === this.ts.length) this.grow()
    const i = this.length++
    this.ts[i] = ts
    this.app[i] = intern(app, this.apps, this.appIndex)
    this.type[i] = type
    this.count[i] = count
    this.title[i] = title ? intern(title, this.titles, this.titleIndex) : -1
  }

  finish(): SignalColumns {
    const n = this.length
    return {
      length: n,
      ts: this.ts.slice(0, n),
      app: this.app.slice(0, n),
      apps: this.apps,
      type: this.type.slice(0, n),
      count: this.count.slice(0, n),
      title: this.title.slice(0, n),
      titles: this.titles,
    }
  }

  private grow(): void {
    const n = this.ts.length * 2
    this.ts = enlarged(this.ts, n)
    this.app = enlarged(this.app, n)
    this.type = enlarged(this.type, n)
    this.count = enlarged(this.count, n)
    this.title = enlarged(this.title, n)
  }
}

function intern(value: string, values: string[], index: Map<string, number>): number {
  let i = index.get(value)
  if (i === undefined) {
    i = values.length
    values.push(value)
    index.set(value, i)
  }
  return i
}

/** True when anything but a lock is among them (a lock alone only breaks activity). */
export function hasActivity(c: SignalColumns): boolean {
  return c.type.some((type) => type !== LOCK_TYPE)
}

/** The first thing wrong with columns received from another thread, or null when sound. */
export function columnsProblem(c: SignalColumns): string | null {
  const n = c.length
  if (![c.ts, c.app, c.type, c.count, c.title].every((column) => column.length === n))
    return 'columns of different lengths'
  if (c.apps.some((app) => app.length === 0)) return 'an empty app name'
  for (let i = 0; i < n; i++) {
    const ts = c.ts[i] as number
    const app = c.app[i] as number
    const type = c.type[i] as number
    const title = c.title[i] as number
    if (!Number.isFinite(ts)) return `signal ${i}: time is not a number`
    if (app < 0 || app >= c.apps.length) return `signal ${i}: no such app`
    if (type < 0 || type >= SIGNAL_TYPES.length) return `signal ${i}: no such type`
    if ((c.count[i] as number) < 1) return `signal ${i}: count below 1`
    if (title < -1 || title >= c.titles.length) return `signal ${i}: no such title`
  }
  return null
}
