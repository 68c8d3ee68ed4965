// Heuristics capability: the worker that turns signals into suggestions reports its health.
import { z } from 'zod'
import { defineEvents, defineMethods, NoInput } from './define'

export const HeuristicsStatus = z.object({
  /** restarting: the worker crashed and starts again on the next round; failed: gave up for now */
  state: z.enum(['idle', 'running', 'restarting', 'failed']),
  /** worker crashes since start */
  restarts: z.number().int().min(0),
  last_error: z.string().nullable(),
})
export type HeuristicsStatus = z.infer<typeof HeuristicsStatus>

export const heuristicsMethods = defineMethods({
  'heuristics.getStatus': { input: NoInput, output: HeuristicsStatus, summary: 'Health of the suggestion worker' },
})

export const heuristicsEvents = defineEvents({
  'heuristics.status': HeuristicsStatus,
})
