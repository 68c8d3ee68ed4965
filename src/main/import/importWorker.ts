// Import worker entry (bundled by electron-vite as out/main/importWorker.js and by
// scripts/build-cli.mjs as out/cli/importWorker.js; run through tsx in Node and tests). Reads and
// judges one import (importJudge.ts) and answers with the report and the records as columns
// (judgedRecords.ts); the main thread writes them. One worker per import: cancelling it is
// terminating it.
import { parentPort } from 'node:worker_threads'
import { errorMessage } from '../../shared/errorMessage'
import { ImportJudge } from './importJudge'
import { packedTransferList, packRecords } from './judgedRecords'
import { ImportInputError } from './importSignals'
import { ToImportWorker, type FromImportWorker } from './importWorkerProtocol'

const port = parentPort
if (!port) throw new Error('the import worker must run in a worker thread')
let judge: ImportJudge | null = null
const answer = (message: FromImportWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

port.on('message', (raw: unknown) => {
  try {
    const message = ToImportWorker.parse(raw)
    if (message.kind === 'begin') {
      judge = new ImportJudge(message.format, {
        settings: message.settings,
        nowMs: message.nowMs,
        strict: message.strict,
      })
      return
    }
    if (!judge) throw new Error('import worker: chunk before begin')
    if (message.kind === 'chunk') return judge.push(message.chunk)
    const { report, records } = judge.end()
    judge = null
    const packed = packRecords(records)
    answer(
      { kind: 'done', report, records: packed, postedAt: performance.timeOrigin + performance.now() },
      packedTransferList(packed),
    )
  } catch (error) {
    judge = null
    answer({ kind: 'failed', input: error instanceof ImportInputError, message: errorMessage(error) })
  }
})
