// Heuristics capability: the worker that turns signals into suggestions reports its health.
import { z } from 'zod'
import { defineEvents, defineMethods, NoInput } from './define'

export const SuggestStatus = z.object({
  /** restarting: the worker crashed and starts again on the next round; failed: gave up for now */
  state: z.enum(['idle', 'running', 'restarting', 'failed']),
  /** worker crashes since start */
  restarts: z.number().int().min(0),
  last_error: z.string().nullable(),
})
export type SuggestStatus = z.infer<typeof SuggestStatus>

export const suggestMethods = defineMethods({
  'suggest.getStatus': { input: NoInput, output: SuggestStatus, summary: 'Health of the suggestion worker' },
})

export const suggestEvents = defineEvents({
  'suggest.status': SuggestStatus,
})
