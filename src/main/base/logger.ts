// Diagnostics go to stderr (stdout belongs to machine-readable CLI output). Callers pass
// counts, ids and error messages only: never key data, coordinates or window titles.
export interface Logger {
  info(message: string, detail?: string): void
  warn(message: string, detail?: string): void
  error(message: string, detail?: string): void
}

export function createStderrLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const log = (level: string) => (message: string, detail?: string) =>
    write(`[${new Date().toISOString()}] ${level} ${message}${detail ? `: ${detail}` : ''}\n`)
  return { info: log('info'), warn: log('warn'), error: log('error') }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
