import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { InputKind } from './types'
import { createUiohookInputSource, type UiohookLike } from './uiohookInputSource'

class FakeHook extends EventEmitter implements UiohookLike {
  running = false
  start() {
    this.running = true
  }
  stop() {
    this.running = false
  }
}

const lifecycle = { failed: () => {}, degraded: () => {} }

describe('uiohook input source', () => {
  it('counts presses, clicks, wheel and real moves; ignores releases and jitter', async () => {
    const hook = new FakeHook()
    const seen: [InputKind, number][] = []
    const source = createUiohookInputSource({ platform: 'win32', loadHook: async () => hook })
    await source.start((kind, count) => seen.push([kind, count]), lifecycle)
    expect(hook.running).toBe(true)
    hook.emit('input', { type: 4, keycode: 30 }) // key pressed
    hook.emit('input', { type: 5, keycode: 30 }) // key released: not counted again
    hook.emit('input', { type: 7, x: 5, y: 5 }) // mouse pressed
    hook.emit('input', { type: 8, x: 5, y: 5 }) // released
    hook.emit('input', { type: 6, x: 5, y: 5 }) // clicked (synthesised): not counted again
    hook.emit('input', { type: 11, x: 5, y: 5 }) // wheel
    hook.emit('input', { type: 9, x: 100, y: 100 }) // first move anchors
    hook.emit('input', { type: 9, x: 102, y: 101 }) // jitter
    hook.emit('input', { type: 9, x: 140, y: 100 }) // real move
    expect(seen).toEqual([
      ['keyboard', 1],
      ['mouse_click', 1],
      ['mouse_scroll', 1],
      ['mouse_move', 1],
    ])
    await source.stop()
    expect(hook.running).toBe(false)
    expect(hook.listenerCount('input')).toBe(0)
  })
})
