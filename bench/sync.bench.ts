// Issue #6: 1,000 approved entries synced to the local reference server without faults.
import { startReferenceServer } from '../tools/reference-server/server'
import { systemClock } from '../src/main/base/clock'
import { silentLogger } from '../src/main/base/logger'
import { createMemorySecretStore } from '../src/main/base/secretStore'
import { closeDatabase } from '../src/main/store/database'
import { openTempDb, seedApproved, tempDir } from '../test/support/syncFixtures'
import { createSyncEngine, tokenSecretName } from '../src/main/sync/syncEngine'
import type { Benchmark } from './types'

const COUNT = 1_000
const TARGET_MS = 20_000

export const benchmarks: Benchmark[] = [
  {
    name: `sync ${COUNT} approved entries to the local reference server (no faults)`,
    target: '< 20 s',
    issue: '#6',
    async run() {
      const tmp = tempDir('billops-bench-sync-')
      const db = openTempDb(tmp.dir)
      const server = await startReferenceServer({ port: 0 })
      try {
        seedApproved(db, COUNT)
        // The engine as the app runs it: real clock, real sleeps, default backoff and polling.
        const engine = createSyncEngine({
          db,
          clock: systemClock,
          logger: silentLogger,
          fetch,
          secretStore: createMemorySecretStore({ [tokenSecretName(server.url)]: 'dev-token-alice' }),
          serverUrl: () => server.url,
          thresholds: () => ({ idle_threshold_minutes: 5, max_merge_idle_minutes: 10 }),
        })
        const started = performance.now()
        const result = await engine.syncUntilSettled({ maxWaitMs: 120_000 })
        const elapsed = performance.now() - started
        const approved = server.store.allEntries('alice').filter((e) => e.status === 'approved').length
        if (result.counts.synced !== COUNT || approved !== COUNT) {
          throw new Error(`sync incomplete: ${result.counts.synced} items done, ${approved} approved on the server`)
        }
        return {
          value: Math.round(elapsed),
          unit: 'ms',
          met: elapsed < TARGET_MS,
          detail: `${COUNT} entries × (ingest + task poll + PATCH) over HTTP on 127.0.0.1, concurrency 4, ${server.stats.requests} requests; server and client in one Node process`,
        }
      } finally {
        await server.close()
        closeDatabase(db)
        tmp.cleanup()
      }
    },
  },
]
