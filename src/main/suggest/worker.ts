// Worker entry (bundled by electron-vite as out/main/heuristicsWorker.js; run through tsx in
// Node, tests and the CLI). Computes only: the main process stays the single SQLite writer.
import { parentPort } from 'node:worker_threads'
import { createWorkerLogic } from './workerLogic'

const port = parentPort
if (!port) throw new Error('heuristics worker must run in a worker thread')
const handle = createWorkerLogic()
port.on('message', (message: unknown) => {
  port.postMessage(handle(message))
})
