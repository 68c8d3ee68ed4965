// Settings → Calendars state: the sources with their fetch state, and the last action's error.
import { create } from 'zustand'
import { decodeCalendarBytes } from '../../../shared/calendar/decode'
import type { CalendarSource } from '../../../shared/contract/calendar'
import { errorMessage } from '../../../shared/errorMessage'
import { useAppStore } from './appStore'

/** Larger files go through `billops calendar add --ics` (one call carries the whole text). */
export const CALENDAR_FILE_MAX_BYTES = 8 * 1024 * 1024

interface CalendarState {
  sources: CalendarSource[]
  busy: boolean
  error: string | null
  load(): Promise<void>
  addFile(file: File, myEmails: string[]): Promise<boolean>
  addUrl(url: string, myEmails: string[]): Promise<boolean>
  remove(id: string): Promise<void>
  refresh(): Promise<void>
}

export const useCalendarStore = create<CalendarState>((set, get) => {
  /** Runs one call with the busy flag; a failure is kept as the message the section shows. */
  async function act(what: string, call: () => Promise<void>): Promise<boolean> {
    if (get().busy) return false
    set({ busy: true, error: null })
    try {
      await call()
      set({ busy: false })
      return true
    } catch (error) {
      set({ busy: false, error: `${what}: ${errorMessage(error)}` })
      return false
    }
  }
  const api = () => {
    const client = useAppStore.getState().api
    if (!client) throw new Error('not connected to the app')
    return client
  }
  const reload = async () => set({ sources: await api().call('calendar.list', null) })
  return {
    sources: [],
    busy: false,
    error: null,
    load: async () => void (await act('Could not list calendars', reload)),
    addFile: (file, myEmails) =>
      act(`Could not add ${file.name}`, async () => {
        if (file.size > CALENDAR_FILE_MAX_BYTES)
          throw new Error('the file is over 8 MB; add it with `billops calendar add --ics` instead')
        await api().call('calendar.addFile', {
          name: file.name,
          text: decodeCalendarBytes(new Uint8Array(await file.arrayBuffer())).text,
          my_emails: myEmails,
        })
        await reload()
      }),
    addUrl: (url, myEmails) =>
      act('Could not add the subscription', async () => {
        await api().call('calendar.addUrl', { url, my_emails: myEmails })
        await reload()
      }),
    remove: async (id) =>
      void (await act('Could not remove the calendar', async () => {
        await api().call('calendar.remove', { id })
        await reload()
      })),
    refresh: async () =>
      void (await act('Could not refresh', async () => set({ sources: await api().call('calendar.refresh', null) }))),
  }
})
