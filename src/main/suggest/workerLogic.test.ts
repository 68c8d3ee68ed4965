import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../shared/domain'
import type { SignalColumns } from '../../shared/heuristics/signalColumns'
import { SIGNAL_TYPES } from '../../shared/heuristics/signalTable'
import { engineConfig } from '../../shared/heuristics/types'
import { toWireSignals } from './wireSignals'
import { createWorkerLogic } from './workerLogic'

const config = engineConfig(defaultSettings())
const T0 = Date.parse('2024-01-24T09:00:00Z')
const keyboard = (ts: number, app = 'vscode') => ({ ts, app, type: 'keyboard', count: 1, title: null })
/** Signals as the host posts them: columns. */
const wire = (...signals: ReturnType<typeof keyboard>[]) =>
  toWireSignals(
    signals.map((s) => ({ ...s, ts: s.ts / 1000 })),
    [],
  )
/** Columns back as [second after T0, type name]. */
const listed = (c: SignalColumns) => Array.from(c.ts, (ts, i) => [(ts - T0) / 1000, SIGNAL_TYPES[c.type[i] as number]])

describe('worker message handling', () => {
  it('answers invalid messages with an error instead of acting on them', () => {
    const handle = createWorkerLogic()
    expect(handle({ kind: 'append', id: 3, signals: [{ ts: 'soon' }] })).toMatchObject({
      kind: 'error',
      id: 3,
      code: 'invalid_message',
    })
    const badApp = { ...wire(keyboard(T0)), app: new Int32Array([7]) }
    expect(handle({ kind: 'append', id: 5, signals: badApp })).toMatchObject({
      kind: 'error',
      id: 5,
      code: 'invalid_message',
      message: 'signal 0: no such app',
    })
    expect(handle('hello')).toMatchObject({ kind: 'error', id: -1, code: 'invalid_message' })
    expect(handle({ kind: 'append', id: 4, signals: wire() })).toMatchObject({ kind: 'error', code: 'not_configured' })
  })

  it('folds appended signals and previews the open tail', () => {
    const handle = createWorkerLogic()
    expect(handle({ kind: 'reset', id: 1, config })).toEqual({ kind: 'ready', id: 1 })
    const signals = wire(...Array.from({ length: 61 }, (_, i) => keyboard(T0 + i * 10_000)))
    const reply = handle({ kind: 'append', id: 2, signals })
    expect(reply).toMatchObject({ kind: 'update', id: 2, closed: [] })
    expect(reply.kind === 'update' && reply.open.map((o) => [o.entry.started_at, o.entry.ended_at])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:10:00Z'],
    ])
  })

  it('refuses signals older than the fold has seen, so the host rebuilds the tail', () => {
    const handle = createWorkerLogic()
    handle({ kind: 'reset', id: 1, config })
    handle({ kind: 'append', id: 2, signals: wire(keyboard(T0 + 60_000)) })
    expect(handle({ kind: 'append', id: 3, signals: wire(keyboard(T0)) })).toMatchObject({
      kind: 'error',
      code: 'out_of_order',
    })
  })
})

describe('cutting fixed entries out of the signal stream', () => {
  const row = (sec: number, app = 'vscode') => ({ ts: T0 / 1000 + sec, app, type: 'keyboard', count: 1, title: null })

  it('drops signals inside a fixed span and breaks activity before it', () => {
    const fixed = [{ startMs: T0 + 100_000, endMs: T0 + 200_000 }]
    expect(listed(toWireSignals([row(90), row(100), row(150), row(200), row(210)], fixed))).toEqual([
      [90, 'keyboard'],
      [100, 'lock'],
      // the end instant may begin the next entry (entries touch, never overlap)
      [200, 'keyboard'],
      [210, 'keyboard'],
    ])
  })

  it('breaks activity across a fixed span that holds no signal', () => {
    expect(listed(toWireSignals([row(90), row(300)], [{ startMs: T0 + 100_000, endMs: T0 + 200_000 }]))).toEqual([
      [90, 'keyboard'],
      [300, 'lock'],
      [300, 'keyboard'],
    ])
  })
})
