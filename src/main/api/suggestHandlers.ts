import type { HeuristicsHost } from '../suggest/host'
import type { Handlers } from './dispatcher'

export function createSuggestHandlers(heuristics: Pick<HeuristicsHost, 'getStatus'>): Pick<Handlers, 'heuristics.getStatus'> {
  return { 'heuristics.getStatus': () => heuristics.getStatus() }
}
