// Foundation e2e: the built renderer in Chromium reaches a real core through the test transport.
import { expect, test } from './support/fixtures'
import { CallResult } from '../src/shared/contract'

test('shows the app shell with live status from the core', async ({ page, app }) => {
  const cspViolations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  await page.goto(app.url)

  const status = page.getByTestId('app-status')
  await expect(status).toContainText('Tracking')
  await expect(status).toContainText('0 awaiting review')
  await expect(status).toContainText(`v${app.core.version}`)
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible()

  // A contract method called from the page changes state in the core; the status event flows
  // back and the UI updates without a reload.
  const paused = await page.evaluate(() => window.billops!.invoke('tracking.pause', { minutes: 15 }))
  expect(CallResult.parse(paused).ok).toBe(true)
  await expect(status).toContainText('Paused')
  expect(app.core.tracking.isPaused()).toBe(true)

  await page.screenshot({ path: 'test-results/app-shell.png', fullPage: true })
  expect(cspViolations).toEqual([])
})

test('rejects unknown methods and invalid input with clear errors', async ({ page, app }) => {
  await page.goto(app.url)
  const unknown = CallResult.parse(await page.evaluate(() => window.billops!.invoke('fs.readFile', '/etc/passwd')))
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
  const invalid = CallResult.parse(await page.evaluate(() => window.billops!.invoke('tracking.pause', { minutes: -5 })))
  expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  expect(app.core.tracking.isPaused()).toBe(false)
})

test('the strict CSP blocks inline script in the renderer', async ({ page, app }) => {
  await page.goto(app.url)
  await expect(page.getByTestId('app-status')).toBeVisible()
  const ranInline = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.body.appendChild(script)
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
  })
  expect(ranInline).toBe(false)
})
