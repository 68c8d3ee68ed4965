// `npm run billops:dev`: the reference BillOps server for trying the whole flow by hand.
//   npm run billops:dev -- [--port 8000] [--db .billops-dev/server.db] [--latency-ms N]
//     [--unavailable-rate R] [--lost-rate R] [--malformed-rate R] [--ignore-idempotency]
//     [--split-rate R] [--task-delay-ms N]
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_USERS, startReferenceServer } from './server'
import { errorMessage } from '../../src/shared/errorMessage'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: '.billops-dev/server.db' },
    'latency-ms': { type: 'string', default: '0' },
    'unavailable-rate': { type: 'string', default: '0' },
    'lost-rate': { type: 'string', default: '0' },
    'malformed-rate': { type: 'string', default: '0' },
    'split-rate': { type: 'string', default: '0' },
    'task-delay-ms': { type: 'string', default: '500' },
    'ignore-idempotency': { type: 'boolean', default: false },
  },
})

const number = (name: keyof typeof values): number => {
  const value = Number(values[name])
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`error: --${name} must be a non-negative number\n`)
    process.exit(2)
  }
  return value
}

async function main(): Promise<void> {
  if (values.db !== ':memory:') mkdirSync(dirname(values.db as string), { recursive: true })
  const server = await startReferenceServer({
    port: number('port'),
    host: values.host as string,
    dbPath: values.db as string,
    taskDelayMs: number('task-delay-ms'),
    faults: {
      latencyMs: number('latency-ms'),
      unavailableRate: number('unavailable-rate'),
      lostResponseRate: number('lost-rate'),
      malformedJsonRate: number('malformed-rate'),
      splitEntryRate: number('split-rate'),
      ignoreIdempotencyKey: values['ignore-idempotency'] as boolean,
    },
  })
  process.stderr.write(`BillOps reference server on ${server.url} (db ${values.db})\n`)
  for (const [token, user] of Object.entries(DEFAULT_USERS))
    process.stderr.write(`  user ${user}: BILLOPS_TOKEN=${token}\n`)
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${errorMessage(error)}\n`)
  process.exit(1)
})
