import type { ErrorCode } from '../../shared/contract'

/** An error a handler means to show the caller; anything else is reported as `internal`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
