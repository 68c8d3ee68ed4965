// App-wide state: connection, status. Capability stores (review, settings…) live beside this one.
import { create } from 'zustand'
import type { ApiClient } from '../../../shared/contract/client'
import type { AppStatus } from '../../../shared/contract'
import { errorMessage } from '../../../shared/errorMessage'

interface AppState {
  api: ApiClient | null
  status: AppStatus | null
  error: string | null
  connect(api: ApiClient | null): Promise<void>
}

export const useAppStore = create<AppState>((set) => ({
  api: null,
  status: null,
  error: null,
  async connect(api) {
    if (!api) {
      set({ error: 'The app bridge is missing: this window was not opened by BillOps Tracker.' })
      return
    }
    set({ api, error: null })
    api.on('status.changed', (status) => set({ status }))
    try {
      set({ status: await api.call('app.getStatus', null) })
    } catch (error) {
      set({ error: `Could not read the app status: ${errorMessage(error)}` })
    }
  },
}))
