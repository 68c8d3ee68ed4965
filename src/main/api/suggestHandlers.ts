import type { SuggestHost } from '../suggest/host'
import type { Handlers } from './dispatcher'

export function createSuggestHandlers(suggest: Pick<SuggestHost, 'getStatus'>): Pick<Handlers, 'suggest.getStatus'> {
  return { 'suggest.getStatus': () => suggest.getStatus() }
}
