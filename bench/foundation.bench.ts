// Foundation figures: how long the core takes to open, and one contract call through the dispatcher.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createCore } from '../src/main/app/createCore'
import { silentLogger } from '../src/main/base/logger'
import type { Benchmark } from './types'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export const benchmarks: Benchmark[] = [
  {
    name: 'core start-up on a fresh database (createCore + migrations)',
    issue: '#2',
    target: '< 200 ms',
    async run() {
      const times: number[] = []
      for (let i = 0; i < 9; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'billops-bench-'))
        const start = performance.now()
        const core = createCore({ dbPath: join(dir, 'billops.db'), logger: silentLogger })
        times.push(performance.now() - start)
        await core.close()
        rmSync(dir, { recursive: true, force: true })
      }
      const value = median(times)
      return { value, unit: 'ms', met: value < 200, detail: 'median of 9 cold starts, each on a new temp database' }
    },
  },
  {
    name: 'contract call app.getStatus through the dispatcher',
    issue: '#2',
    target: '< 1 ms',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'billops-bench-'))
      const core = createCore({ dbPath: join(dir, 'billops.db'), logger: silentLogger })
      const n = 5000
      for (let i = 0; i < 200; i++) await core.dispatch('app.getStatus', null)
      const start = performance.now()
      for (let i = 0; i < n; i++) await core.dispatch('app.getStatus', null)
      const value = (performance.now() - start) / n
      await core.close()
      rmSync(dir, { recursive: true, force: true })
      return {
        value: value * 1000,
        unit: 'µs',
        met: value < 1,
        detail: `mean of ${n} calls after 200 warm-up calls (input and output validated with zod)`,
      }
    },
  },
]
