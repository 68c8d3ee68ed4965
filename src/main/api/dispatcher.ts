// Turns the contract table plus one handler per method into a single `dispatch(method, input)`
// used by every transport (ipcMain, the test transport, tests). Input is parsed here, once.
import {
  isMethodName,
  methods,
  type CallResult,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
} from '../../shared/contract'
import type { Logger } from '../base/logger'
import { AppError } from '../base/appError'
import { errorMessage } from '../../shared/errorMessage'

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>

/** Exactly one handler per contract method: a missing one is a type error. */
export type Handlers = { [M in MethodName]: Handler<M> }

export type Dispatch = (method: unknown, input: unknown) => Promise<CallResult>

export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown method ${String(method).slice(0, 80)}` } }
    }
    const spec = methods[method]
    const input = spec.input.safeParse(rawInput === undefined ? null : rawInput)
    if (!input.success) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: `${method}: ${summarizeIssues(input.error.issues)}` },
      }
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown
      const value = await handler(input.data)
      const output = spec.output.safeParse(value)
      if (!output.success) {
        logger.error(`handler ${method} returned a value outside the contract`, summarizeIssues(output.error.issues))
        return { ok: false, error: { code: 'invalid_output', message: `${method} produced an invalid reply` } }
      }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } }
      logger.error(`handler ${method} failed`, errorMessage(error))
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${errorMessage(error)}` } }
    }
  }
}

function summarizeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`)
    .join('; ')
}
