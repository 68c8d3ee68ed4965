// The app's log file (userData/logs/billops.log): rotated at a few MB, a few old files kept, and
// scrubbed on the way in. Callers already pass counts, ids and error messages only (never key
// data, window titles or tokens: see logger.ts); the scrub is the second line of defence for
// what an error message may carry (an Authorization header, a token=… query, a long secret).
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { makeFilePrivate, makePrivateDir, PRIVATE_FILE_MODE } from './privateFiles'
import { dirname } from 'node:path'
import type { Logger } from './logger'

export const LOG_MAX_BYTES = 2 * 1024 * 1024
export const LOG_FILES_KEPT = 3

export interface FileLog {
  readonly path: string
  write(line: string): void
  /** the last `count` lines (the current file, then the one before it when needed) */
  tail(count: number): string[]
}

export interface FileLogOptions {
  path: string
  maxBytes?: number
  /** rotated files kept beside the current one: path.1 … path.N */
  keep?: number
}

export function createRotatingFileLog(options: FileLogOptions): FileLog {
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES
  const keep = options.keep ?? LOG_FILES_KEPT
  const path = options.path
  makePrivateDir(dirname(path))
  // Private, also when an older version created it readable by others.
  makeFilePrivate(path)
  let size = existsSync(path) ? statSync(path).size : 0
  let broken = false

  const rotate = () => {
    rmSync(`${path}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n--) if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`)
    if (existsSync(path)) renameSync(path, `${path}.1`)
    size = 0
  }

  return {
    path,
    write(line) {
      if (broken) return
      const text = line.endsWith('\n') ? line : `${line}\n`
      const bytes = Buffer.byteLength(text)
      try {
        if (size > 0 && size + bytes > maxBytes) rotate()
        appendFileSync(path, text, { mode: PRIVATE_FILE_MODE })
        size += bytes
      } catch {
        // A log that cannot be written (disk full, folder gone) must not take the app down.
        broken = true
      }
    },
    tail(count) {
      const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
      let lines = read(path)
      if (lines.length < count) lines = [...read(`${path}.1`), ...lines]
      return lines.slice(-count)
    },
  }
}

const SCRUBS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /\b(token|access_token|api[_-]?key|apikey|authorization|password|passwd|secret|cookie|session)(["']?\s*[:=]\s*["']?)(?!(?:Bearer|Basic|Token) )[^\s"'&,;}]+/gi,
    '$1$2[redacted]',
  ],
  // Long opaque strings (tokens, keys) that carry no label; ids (UUIDs) and file names have hyphens and stay.
  [/\b[A-Za-z0-9_]{32,}\b/g, '[redacted]'],
  [/[A-Za-z0-9+/]{40,}={0,2}/g, '[redacted]'],
]

export function scrubLogText(text: string): string {
  return SCRUBS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text)
}

/** One logger that formats once, scrubs, and writes to every sink (stderr, the log file). */
export function createTeeLogger(
  sinks: ReadonlyArray<(line: string) => void>,
  now: () => Date = () => new Date(),
): Logger {
  const log = (level: string) => (message: string, detail?: string) => {
    const line =
      scrubLogText(`[${now().toISOString()}] ${level} ${message}${detail ? `: ${detail}` : ''}`).replace(/\n/g, ' ') +
      '\n'
    for (const sink of sinks) sink(line)
  }
  return { info: log('info'), warn: log('warn'), error: log('error') }
}
