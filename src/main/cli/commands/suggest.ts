import { existsSync, readFileSync } from 'node:fs'
import { defaultSettings, Settings } from '../../../shared/domain'
import { parseIsoUtc } from '../../../shared/isoTime'
import { suggestFromTable } from '../../../shared/heuristics/suggest'
import { engineConfig } from '../../../shared/heuristics/types'
import {
  readIngestRequestChunks,
  readIngestRequestDescriptor,
  readIngestRequestFile,
  type IngestRequest,
} from '../../import/ingestRequest'
import { parseCommandArgs, requireOption, UsageError, type CliCommand, type CliIo } from '../command'
import { errorMessage } from '../../../shared/errorMessage'

async function readRequest(source: string, io: CliIo): Promise<IngestRequest> {
  if (source !== '-') {
    if (!existsSync(source)) throw new UsageError(`cannot read ${source}: no such file`)
    return readIngestRequestFile(source)
  }
  // A pipe or file on stdin is read synchronously, straight into the reader's buffer (nothing else
  // runs meanwhile); a terminal, or a test's chunks, as a stream.
  return io.stdinFd === undefined ? readIngestRequestChunks(io.stdin()) : readIngestRequestDescriptor(io.stdinFd)
}

function readSettings(path: string | undefined): Settings {
  if (path === undefined) return defaultSettings()
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`cannot read settings ${path}: ${errorMessage(error)}`)
  }
  const parsed = Settings.safeParse(raw)
  if (!parsed.success)
    throw new UsageError(`invalid settings ${path}: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`)
  return parsed.data
}

export const suggestCommand: CliCommand = {
  name: 'suggest',
  usage: 'suggest --input FILE|- [--settings FILE] [--now ISO]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      input: { type: 'string' },
      settings: { type: 'string' },
      now: { type: 'string' },
    })
    const source = requireOption(values.input, 'input')
    const settings = readSettings(values.settings)
    // Far-future signals are judged against this instant; --now makes runs reproducible.
    const nowMs = values.now === undefined ? Date.now() : parseIsoUtc(values.now)
    if (Number.isNaN(nowMs)) throw new UsageError('--now must be UTC ISO-8601, e.g. 2024-01-24T18:00:00Z')
    // Not JSON / not a request: IngestRequestError propagates → one line on stderr, exit 1.
    const request = await readRequest(source, io)
    const result = suggestFromTable(request.table, engineConfig(settings, request, { nowMs }))
    io.stdout(`${JSON.stringify(result)}\n`)
    return 0
  },
}
