// Settings screen state: the saved settings and save errors. The form keeps its own draft.
import { create } from 'zustand'
import type { Settings } from '../../../shared/domain'
import { useAppStore } from './appStore'
import { errorMessage } from '../../../shared/errorMessage'

interface SettingsState {
  settings: Settings | null
  phase: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  saving: boolean
  load(): Promise<void>
  save(patch: Partial<Settings>): Promise<boolean>
}

const messageOf = (error: unknown) => errorMessage(error)

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  phase: 'idle',
  error: null,
  saving: false,
  async load() {
    const api = useAppStore.getState().api
    if (!api) return
    set({ phase: 'loading', error: null })
    try {
      set({ settings: await api.call('settings.get', null), phase: 'ready' })
    } catch (error) {
      set({ phase: 'error', error: `Could not load settings: ${messageOf(error)}` })
    }
  },
  async save(patch) {
    const api = useAppStore.getState().api
    if (!api) return false
    set({ saving: true, error: null })
    try {
      set({ settings: await api.call('settings.update', patch), saving: false })
      return true
    } catch (error) {
      set({ saving: false, error: `Settings not saved: ${messageOf(error)}` })
      return false
    }
  },
}))
