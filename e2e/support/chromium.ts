// Debian's Chromium, started the way this machine allows: no sandbox as root, no background
// networking (the network is closed), a fresh profile. Never `npx playwright install`.
import { existsSync } from 'node:fs'

export const CHROMIUM_PATH = process.env.BILLOPS_CHROMIUM ?? '/usr/bin/chromium'

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
}

export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package \`chromium\` (see .ci/run)`)
  }
}
