// The away prompt: asks main for an undecided absence and sends the user's one-key decision.
import { create } from 'zustand'
import type { AwayDecision, AwayPeriod } from '../../../shared/contract/entries'
import { useAppStore } from './appStore'
import { useReviewStore } from './reviewStore'
import { errorMessage } from '../../../shared/errorMessage'

interface AwayState {
  period: AwayPeriod | null
  deciding: boolean
  error: string | null
  check(): Promise<void>
  decide(decision: AwayDecision): Promise<boolean>
  /** "ask me later": hide this absence until the next check finds it again */
  postpone(): void
}

let postponed: string | null = null
const keyOf = (period: AwayPeriod) => `${period.started_at}|${period.ended_at}`

export const useAwayStore = create<AwayState>((set, get) => ({
  period: null,
  deciding: false,
  error: null,
  async check() {
    const api = useAppStore.getState().api
    if (!api || get().deciding) return
    try {
      const period = await api.call('away.next', null)
      set({ period: period && keyOf(period) !== postponed ? period : null, error: null })
    } catch (error) {
      set({ error: `Could not check for away time: ${errorMessage(error)}` })
    }
  },
  async decide(decision) {
    const api = useAppStore.getState().api
    if (!api) return false
    set({ deciding: true, error: null })
    try {
      const change = await api.call('away.decide', decision)
      useReviewStore.getState().applyChange(change)
      useReviewStore.getState().notify(change.label)
      set({ deciding: false, period: null })
      void get().check()
      return true
    } catch (error) {
      set({ deciding: false, error: `Could not save your answer: ${errorMessage(error)}` })
      return false
    }
  },
  postpone() {
    const period = get().period
    if (period) postponed = keyOf(period)
    set({ period: null })
  },
}))
