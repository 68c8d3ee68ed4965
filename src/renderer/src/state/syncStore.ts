// Sync state for the status bar and the server/token settings. The token is write-only here.
import { create } from 'zustand'
import type { SyncStatus } from '../../../shared/contract/sync'
import { useAppStore } from './appStore'
import { errorMessage } from '../../../shared/errorMessage'

interface SyncState {
  status: SyncStatus | null
  error: string | null
  busy: boolean
  load(): Promise<void>
  setServer(url: string): Promise<boolean>
  setToken(token: string): Promise<boolean>
  clearToken(): Promise<boolean>
  syncNow(): Promise<void>
}

const messageOf = (error: unknown) => errorMessage(error)

export const useSyncStore = create<SyncState>((set, get) => {
  async function run(action: () => Promise<SyncStatus>): Promise<boolean> {
    set({ busy: true, error: null })
    try {
      set({ status: await action(), busy: false })
      return true
    } catch (error) {
      set({ busy: false, error: messageOf(error) })
      return false
    }
  }
  const api = () => {
    const client = useAppStore.getState().api
    if (!client) throw new Error('not connected to the app')
    return client
  }
  return {
    status: null,
    error: null,
    busy: false,
    async load() {
      try {
        set({ status: await api().call('sync.getStatus', null) })
      } catch (error) {
        set({ error: `Could not read the sync state: ${messageOf(error)}` })
      }
    },
    setServer: (url) => run(() => api().call('sync.setServer', { server_url: url })),
    setToken: (token) => run(() => api().call('sync.setToken', { token })),
    clearToken: () => run(() => api().call('sync.clearToken', null)),
    async syncNow() {
      set({ busy: true, error: null })
      try {
        await api().call('sync.now', null)
      } catch (error) {
        set({ error: messageOf(error) })
      }
      set({ busy: false })
      await get().load()
    },
  }
})
