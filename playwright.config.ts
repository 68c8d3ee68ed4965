import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './e2e/support/chromium'

// The renderer runs in Debian's Chromium through the test transport (e2e/support). The Electron
// spec runs the real app only where an Electron binary exists and reports itself skipped elsewhere.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1200, height: 800 },
  },
})
