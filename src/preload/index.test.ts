// The preload wires `createBridge` to Electron IPC and exposes only that, as `window.billops`.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RawBridge } from '../shared/contract/client'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipcChannels'

type IpcListener = (event: unknown, ...args: unknown[]) => void

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<IpcListener>>()
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    ipcRenderer: {
      invoke: vi.fn((..._args: unknown[]) => Promise.resolve<unknown>({ ok: true, value: null })),
      on: vi.fn((channel: string, listener: IpcListener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel)!.add(listener)
      }),
      removeListener: vi.fn((channel: string, listener: IpcListener) => {
        listeners.get(channel)?.delete(listener)
      }),
    },
  }
})
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: electron.ipcRenderer,
}))

await import('./index')
const bridge = electron.exposed.get('billops') as RawBridge

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear()
})

describe('preload', () => {
  it('exposes only window.billops = {invoke, subscribe}', () => {
    expect([...electron.exposed.keys()]).toEqual(['billops'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe'])
  })

  it('sends contract methods on the one invoke channel', async () => {
    await expect(bridge.invoke('tracking.pause', { minutes: 15 })).resolves.toEqual({ ok: true, value: null })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(INVOKE_CHANNEL, 'tracking.pause', {
      minutes: 15,
    })
  })

  it('refuses methods outside the contract without touching IPC', async () => {
    await expect(bridge.invoke('fs.readFile', '/etc/passwd')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    })
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('delivers event envelopes without the IPC event object, until unsubscribed', () => {
    const listener = vi.fn()
    const stop = bridge.subscribe(listener)
    const emit = (envelope: unknown) => {
      for (const forward of electron.listeners.get(EVENT_CHANNEL) ?? []) forward({ sender: 'ipc' }, envelope)
    }
    emit({ name: 'status.changed', payload: 1 })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ name: 'status.changed', payload: 1 })
    stop()
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0)
    emit({ name: 'status.changed', payload: 2 })
    expect(listener).toHaveBeenCalledOnce()
  })
})
