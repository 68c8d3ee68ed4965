// Just over 350 lines on purpose: one zustand store whose every action patches the same queue state.
// The review queue's state: the entries (newest first), the keyboard cursor, the selection and
// every action. Mutations come back from main as a ReviewChange and are patched in place, so a
// 10,000-entry queue is never re-fetched for one approve. Decided entries stay visible (marked
// approved/rejected) until the next refresh, so the user sees what happened and can undo it.
import { create } from 'zustand'
import type { EntryEdit, PageCursor, ReviewChange, ReviewEntry } from '../../../shared/contract/entries'
import type { ApiClient } from '../../../shared/contract/client'
import { insertionIndex } from './queueOrder'
import { useAppStore } from './appStore'
import { errorMessage } from '../../../shared/errorMessage'

/** First page just over a screenful so the first rows show at once; the rest streams in behind. */
export const FIRST_PAGE = 60
export const NEXT_PAGE = 2000

export interface Notice {
  id: number
  text: string
  kind: 'info' | 'error'
}

export interface ReviewState {
  phase: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  /** pending entries in the database at the last page fetched */
  total: number
  loadedAll: boolean
  order: string[]
  byId: Record<string, ReviewEntry>
  cursor: string | null
  selected: ReadonlySet<string>
  /** where a range selection (Shift+X, Shift+click) starts */
  anchor: string | null
  billingIncrement: 0 | 6 | 15
  busy: boolean
  notice: Notice | null

  load(): Promise<void>
  setCursor(id: string | null): void
  move(delta: number): void
  moveToEdge(edge: 'first' | 'last'): void
  toggle(id?: string): void
  selectRange(toId?: string): void
  setSelection(ids: readonly string[], on: boolean): void
  clearSelection(): void
  /** what an action applies to: the selected pending entries, else the entry under the cursor */
  targets(): string[]
  approve(ids?: string[]): Promise<boolean>
  reject(ids?: string[]): Promise<boolean>
  update(id: string, changes: EntryEdit): Promise<boolean>
  split(id: string, at: string): Promise<boolean>
  merge(ids?: string[]): Promise<boolean>
  undo(): Promise<boolean>
  /** UTBMS codes on entries (#30): undefined keeps a code, null clears it */
  setCodes(
    ids: readonly string[],
    codes: { task_code?: string | null; activity_code?: string | null },
  ): Promise<boolean>
  applyChange(change: ReviewChange): void
  /** entries main wrote or deleted on its own (review.changed), fetched by id */
  mergeFromMain(entries: readonly ReviewEntry[], removedIds: readonly string[]): void
  notify(text: string, kind?: Notice['kind']): void
  pendingCount(): number
}

let generation = 0
let noticeSeq = 0

const apiOrThrow = (): ApiClient => {
  const api = useAppStore.getState().api
  if (!api) throw new Error('not connected to the app')
  return api
}

const messageOf = (error: unknown): string => errorMessage(error)
const codeOf = (error: unknown): string | null =>
  error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : null

export const useReviewStore = create<ReviewState>((set, get) => {
  /** Runs one action against main; errors become a visible notice, never a silent failure. */
  async function act(
    run: (api: ApiClient) => Promise<ReviewChange>,
    after?: (change: ReviewChange) => void,
  ): Promise<boolean> {
    if (get().busy) return false
    set({ busy: true })
    try {
      const change = await run(apiOrThrow())
      get().applyChange(change)
      after?.(change)
      get().notify(change.label)
      return true
    } catch (error) {
      get().notify(messageOf(error), 'error')
      // The queue changed under us (heuristics, another window): reload what is true now.
      if (codeOf(error) === 'not_found' || codeOf(error) === 'conflict') void get().load()
      return false
    } finally {
      set({ busy: false })
    }
  }

  /** The next pending entry after `ids` in display order, for the cursor to land on. */
  function nextPendingAfter(ids: readonly string[]): string | null {
    const { order, byId } = get()
    const positions = ids.map((id) => order.indexOf(id)).filter((i) => i >= 0)
    if (positions.length === 0) return get().cursor
    const last = Math.max(...positions)
    for (let i = last + 1; i < order.length; i++) if (byId[order[i]!]?.status === 'pending') return order[i]!
    for (let i = Math.min(...positions) - 1; i >= 0; i--) if (byId[order[i]!]?.status === 'pending') return order[i]!
    return order[last] ?? null
  }

  const decide = (verb: 'approve' | 'reject') => async (ids?: string[]) => {
    const targets = (ids ?? get().targets()).filter((id) => get().byId[id]?.status === 'pending')
    if (targets.length === 0) {
      get().notify('Nothing pending is selected.', 'error')
      return false
    }
    performance.mark('review:decision-requested')
    const land = nextPendingAfter(targets)
    return act(
      (api) => api.call(verb === 'approve' ? 'review.approve' : 'review.reject', { ids: targets }),
      () => set({ cursor: land, selected: new Set(), anchor: null }),
    )
  }

  return {
    phase: 'idle',
    error: null,
    total: 0,
    loadedAll: false,
    order: [],
    byId: {},
    cursor: null,
    selected: new Set(),
    anchor: null,
    billingIncrement: 0,
    busy: false,
    notice: null,

    async load() {
      const mine = ++generation
      const keepCursor = get().cursor
      const keepSelected = get().selected
      set({ phase: get().phase === 'ready' ? 'ready' : 'loading', error: null })
      try {
        const api = apiOrThrow()
        performance.mark('review:first-page-requested')
        const first = await api.call('review.listPending', { after: null, limit: FIRST_PAGE })
        performance.mark('review:first-page-received')
        if (mine !== generation) return
        const byId: Record<string, ReviewEntry> = {}
        const order: string[] = []
        for (const entry of first.entries) {
          byId[entry.id] = entry
          order.push(entry.id)
        }
        set({
          phase: 'ready',
          total: first.total,
          order,
          byId,
          loadedAll: first.next === null,
          billingIncrement: first.billing_increment_minutes,
          cursor: keepCursor && byId[keepCursor] ? keepCursor : (order[0] ?? null),
          selected: new Set([...keepSelected].filter((id) => byId[id])),
        })
        let next: PageCursor | null = first.next
        while (next) {
          const page = await api.call('review.listPending', { after: next, limit: NEXT_PAGE })
          if (mine !== generation) return
          const state = get()
          const byIdMore = { ...state.byId }
          const orderMore = state.order.slice()
          for (const entry of page.entries) {
            if (byIdMore[entry.id]) continue
            byIdMore[entry.id] = entry
            orderMore.push(entry.id)
          }
          next = page.next
          set({ byId: byIdMore, order: orderMore, total: page.total, loadedAll: next === null })
        }
        if (keepCursor && !get().byId[keepCursor] && get().cursor === null) set({ cursor: get().order[0] ?? null })
      } catch (error) {
        if (mine !== generation) return
        set({ phase: 'error', error: `Could not load the review queue: ${messageOf(error)}` })
      }
    },

    setCursor: (id) => set({ cursor: id }),

    move(delta) {
      const { order, cursor } = get()
      if (order.length === 0) return
      const at = cursor ? order.indexOf(cursor) : -1
      const next = at < 0 ? 0 : Math.min(order.length - 1, Math.max(0, at + delta))
      set({ cursor: order[next]! })
    },

    moveToEdge(edge) {
      const { order } = get()
      set({ cursor: (edge === 'first' ? order[0] : order.at(-1)) ?? null })
    },

    toggle(id) {
      const target = id ?? get().cursor
      if (!target) return
      const selected = new Set(get().selected)
      if (selected.has(target)) selected.delete(target)
      else selected.add(target)
      set({ selected, anchor: target })
    },

    selectRange(toId) {
      const { order, anchor, cursor, byId } = get()
      const end = toId ?? cursor
      if (!end) return
      const from = anchor ? order.indexOf(anchor) : order.indexOf(end)
      const to = order.indexOf(end)
      if (from < 0 || to < 0) return
      const selected = new Set(get().selected)
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        if (byId[order[i]!]?.status === 'pending') selected.add(order[i]!)
      }
      set({ selected, cursor: end })
    },

    setSelection(ids, on) {
      const selected = new Set(get().selected)
      for (const id of ids) {
        if (on && get().byId[id]?.status === 'pending') selected.add(id)
        else selected.delete(id)
      }
      set({ selected })
    },

    clearSelection: () => set({ selected: new Set(), anchor: null }),

    targets() {
      const { selected, cursor, byId } = get()
      const chosen = [...selected].filter((id) => byId[id]?.status === 'pending')
      if (chosen.length) return chosen
      return cursor && byId[cursor]?.status === 'pending' ? [cursor] : []
    },

    approve: decide('approve'),
    reject: decide('reject'),

    update: (id, changes) => act((api) => api.call('review.update', { id, changes })),

    split: (id, at) => act((api) => api.call('review.split', { id, at })),

    async merge(ids) {
      let targets = ids ?? get().targets()
      if (targets.length === 1) {
        // One entry: merge it with the row below it, the one just before it in time.
        const { order, byId } = get()
        const below = order[order.indexOf(targets[0]!) + 1]
        if (below && byId[below]?.status === 'pending') targets = [targets[0]!, below]
      }
      if (targets.length < 2) {
        get().notify('Select two or more adjacent pending entries to merge.', 'error')
        return false
      }
      return act(
        (api) => api.call('review.merge', { ids: targets }),
        (change) => set({ cursor: change.entries[0]?.id ?? get().cursor, selected: new Set(), anchor: null }),
      )
    },

    setCodes(ids, codes) {
      const label = `UTBMS codes set on ${ids.length} ${ids.length === 1 ? 'entry' : 'entries'}`
      return act(async (api) => {
        await api.call('codes.set', { ids: [...ids], ...codes })
        // the rows show the codes, and the guidelines they satisfy now
        const { entries } = await api.call('review.getEntries', { ids: [...ids] })
        return { label, entries, removed_ids: [] }
      })
    },

    undo: () =>
      act(
        async (api) => {
          const result = await api.call('review.undo', null)
          return { ...result, label: result.undone ? `Undone: ${result.undone}` : 'Nothing to undo' }
        },
        (change) => {
          if (change.entries[0]) set({ cursor: change.entries[0].id })
        },
      ),

    applyChange(change) {
      const state = get()
      const byId = { ...state.byId }
      let order = state.order
      const removed = new Set(change.removed_ids)
      if (removed.size) {
        order = order.filter((id) => !removed.has(id))
        for (const id of removed) delete byId[id]
      }
      for (const { id, status, sync_state } of change.decided ?? []) {
        const known = byId[id]
        if (known) byId[id] = { ...known, status, sync_state }
      }
      const fresh: ReviewEntry[] = []
      for (const entry of change.entries) {
        const known = byId[entry.id]
        byId[entry.id] = entry
        if (!known) fresh.push(entry)
        else if (known.started_at !== entry.started_at) {
          // Its start moved: take it out and put it back where it now belongs.
          order = order.filter((id) => id !== entry.id)
          fresh.push(entry)
        }
      }
      if (fresh.length) {
        order = order === state.order ? order.slice() : order
        for (const entry of fresh) order.splice(insertionIndex(order, byId, entry), 0, entry.id)
      }
      const selected = new Set([...state.selected].filter((id) => byId[id]?.status === 'pending'))
      const cursor = state.cursor && byId[state.cursor] ? state.cursor : (order[0] ?? null)
      set({ byId, order, selected, cursor })
    },

    mergeFromMain(entries, removedIds) {
      const state = get()
      if (state.phase !== 'ready') return
      const lastId = state.order.at(-1)
      const last = lastId ? state.byId[lastId] : undefined
      const fresh = entries.filter((entry) => {
        if (state.byId[entry.id]) return true
        if (entry.status !== 'pending') return false
        // While pages still stream in, an entry older than the last one loaded arrives with them.
        return (
          state.loadedAll ||
          !last ||
          entry.started_at > last.started_at ||
          (entry.started_at === last.started_at && entry.id > last.id)
        )
      })
      const removed = removedIds.filter((id) => state.byId[id])
      if (fresh.length === 0 && removed.length === 0) return
      const gone = new Set(removed)
      // A removed cursor lands on the row that takes its place, not back at the top.
      let cursor = state.cursor
      if (cursor && gone.has(cursor)) {
        const at = state.order.indexOf(cursor)
        cursor =
          state.order.slice(at + 1).find((id) => !gone.has(id)) ??
          state.order.slice(0, at).findLast((id) => !gone.has(id)) ??
          null
      }
      get().applyChange({ label: '', entries: fresh, removed_ids: removed })
      set({ cursor: cursor ?? get().cursor, anchor: state.anchor && gone.has(state.anchor) ? null : state.anchor })
    },

    notify(text, kind = 'info') {
      set({ notice: { id: ++noticeSeq, text, kind } })
    },

    pendingCount() {
      const { byId, order, total, loadedAll } = get()
      let pending = 0
      for (const id of order) if (byId[id]?.status === 'pending') pending++
      // Until every page is in, the database's total is the better figure.
      return loadedAll ? pending : Math.max(pending, total)
    },
  }
})
