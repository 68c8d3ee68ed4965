// The one bridge factory behind `window.billops` (preload and e2e test transport alike).
import { describe, expect, it, vi } from 'vitest'
import { createBridge } from './bridge'
import { CallResult } from './define'

const setup = () => {
  const unsubscribe = vi.fn()
  const invoke = vi.fn((_method: string, _input: unknown) => Promise.resolve<unknown>({ ok: true, value: 'answer' }))
  const subscribe = vi.fn((_listener: (envelope: unknown) => void) => unsubscribe)
  return { invoke, subscribe, unsubscribe, bridge: createBridge(invoke, subscribe) }
}

describe('createBridge', () => {
  it('exposes exactly invoke and subscribe, frozen', () => {
    const { bridge } = setup()
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe'])
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it.each([
    ['a name outside the contract', 'fs.readFile'],
    ['an inherited property name', 'toString'],
    ['__proto__', '__proto__'],
    ['an empty name', ''],
    ['a non-string', 42],
    ['undefined', undefined],
  ])('refuses %s with unknown_method and sends nothing', async (_label, method) => {
    const { bridge, invoke } = setup()
    const result = CallResult.parse(await bridge.invoke(method as string, { path: '/etc/passwd' }))
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: `unknown method ${String(method)}` },
    })
    expect(invoke).not.toHaveBeenCalled()
  })

  it('forwards a contract method with its input and answers with what the transport answered', async () => {
    const { bridge, invoke } = setup()
    await expect(bridge.invoke('tracking.pause', { minutes: 15 })).resolves.toEqual({ ok: true, value: 'answer' })
    expect(invoke).toHaveBeenCalledExactlyOnceWith('tracking.pause', { minutes: 15 })
  })

  it('leaves input validation to main: a known method with bad input is still forwarded as is', async () => {
    const { bridge, invoke } = setup()
    await bridge.invoke('tracking.pause', { minutes: -5 })
    expect(invoke).toHaveBeenCalledExactlyOnceWith('tracking.pause', { minutes: -5 })
  })

  it('passes a transport failure through unchanged', async () => {
    const { bridge, invoke } = setup()
    invoke.mockRejectedValueOnce(new Error('channel closed'))
    await expect(bridge.invoke('app.getStatus', null)).rejects.toThrow('channel closed')
  })

  it('forwards subscribe: the listener gets the envelopes, and the returned function unsubscribes', () => {
    const { bridge, subscribe, unsubscribe } = setup()
    const listener = vi.fn()
    const stop = bridge.subscribe(listener)
    expect(subscribe).toHaveBeenCalledOnce()
    subscribe.mock.calls[0][0]({ name: 'status.changed', payload: 1 })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ name: 'status.changed', payload: 1 })
    expect(unsubscribe).not.toHaveBeenCalled()
    stop()
    expect(unsubscribe).toHaveBeenCalledOnce()
  })
})
