// Playwright fixtures: each test gets its own data directory, a real core and a test transport.
import { test as base } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../src/main/app/createCore'
import { silentLogger } from '../../src/main/base/logger'
import { startTestTransport } from './testTransport'

export interface AppFixture {
  core: Core
  url: string
  dataDir: string
}

export const test = base.extend<{ coreOptions: Partial<CoreOptions>; app: AppFixture }>({
  coreOptions: [{}, { option: true }],
  app: async ({ coreOptions }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'billops-e2e-'))
    const core = createCore({ dbPath: join(dataDir, 'billops.db'), logger: silentLogger, ...coreOptions })
    const transport = await startTestTransport({ core })
    try {
      await use({ core, url: transport.url, dataDir })
    } finally {
      await transport.close()
      await core.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
})

export { expect } from '@playwright/test'
