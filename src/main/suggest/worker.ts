// Worker entry (bundled by electron-vite as out/main/suggestWorker.js and by
// scripts/build-cli.mjs as out/cli/suggestWorker.js; run through tsx in Node and tests). Computes only: the main process stays the single SQLite writer.
import { parentPort } from 'node:worker_threads'
import { createWorkerLogic } from './workerLogic'

const port = parentPort
if (!port) throw new Error('heuristics worker must run in a worker thread')
const handle = createWorkerLogic()
port.on('message', (message: unknown) => {
  port.postMessage(handle(message))
})
