// Building blocks of the one API contract. A method is a request/response pair, an event flows
// main → renderer; both carry zod schemas so every transport validates the same way.
import { z } from 'zod'

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I
  readonly output: O
  readonly summary: string
}

export type MethodTable = Record<string, MethodSpec>
export type EventTable = Record<string, z.ZodType>

export const defineMethods = <T extends MethodTable>(table: T): T => table
export const defineEvents = <T extends EventTable>(table: T): T => table

/** Methods without arguments take `null` so every transport sends the same JSON. */
export const NoInput = z.null()

/** What crosses a transport for every call: never a thrown exception, always an envelope. */
export const ErrorCode = z.enum([
  'unknown_method',
  'invalid_input',
  'invalid_output',
  'forbidden_sender',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const CallError = z.object({ code: ErrorCode, message: z.string() })
export type CallError = z.infer<typeof CallError>

export const CallResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CallError }),
])
export type CallResult = z.infer<typeof CallResult>

export const EventEnvelope = z.object({ name: z.string(), payload: z.unknown() })
export type EventEnvelope = z.infer<typeof EventEnvelope>
