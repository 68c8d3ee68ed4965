// Reports e2e (#15): the built renderer in Chromium through the test transport against a real
// core on a seeded database. Totals shown are checked against the database, drill-down edits go
// through the queue's dialog, exports are downloaded and the HTML is printed with Chromium's PDF.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { createManualClock } from '../test/support/manualClock'
import type { Core } from '../src/main/app/createCore'
import { approveEntries, rejectEntries } from '../src/main/store/decisions'
import { getEntry, insertEntries, listEntries } from '../src/main/store/entries'
import { liveItemFor, updateItem } from '../src/main/store/outbox'
import { createProjectRepository } from '../src/main/store/projects'
import { hoursText } from '../src/shared/report/render'
import { pendingEntry } from '../test/support/reviewTestSupport'
import { expectAxeClean } from './support/axe'
import { expect, test } from './support/fixtures'

const NOW = Date.parse('2026-03-07T12:00:00Z')
test.use({ coreOptions: { clock: createManualClock(NOW) }, timezoneId: 'UTC', locale: 'en-US' })

const apps = (app: string) => ({ confidence: 0.9, applications: [app], primary_activity: 'focused_work', reasons: [] })

/** A week (Mon 2 – Sun 8 March 2026) with every kind of time a report distinguishes. */
function seedWeek(core: Core) {
  const projects = createProjectRepository(core.db)
  projects.saveClient({ id: 'acme', name: 'Acme' })
  projects.saveClient({ id: 'globex', name: 'Globex' })
  projects.saveProject({ id: 'contracts', name: 'Contracts', client_id: 'acme' })
  projects.saveProject({ id: 'audit', name: 'Audit', client_id: 'globex' })
  const synced = pendingEntry('2026-03-02T09:00:00Z', 50, {
    project_id: 'contracts',
    client_id: 'acme',
    context_data: apps('vscode'),
  })
  const failed = pendingEntry('2026-03-03T10:00:00Z', 7, {
    project_id: 'audit',
    client_id: 'globex',
    context_data: apps('excel'),
  })
  const unassigned = pendingEntry('2026-03-04T11:00:00Z', 30, { context_data: apps('word') })
  const overnight = pendingEntry('2026-03-05T23:30:00Z', 60, {
    project_id: 'contracts',
    client_id: 'acme',
    activity_type: 'research',
    context_data: apps('chrome'),
  })
  const pending = pendingEntry('2026-03-04T13:00:00Z', 45, {
    project_id: 'contracts',
    client_id: 'acme',
    context_data: apps('chrome'),
  })
  const rejected = pendingEntry('2026-03-05T15:00:00Z', 20, {
    activity_type: 'communication',
    context_data: apps('slack'),
  })
  insertEntries(core.db, [synced, failed, unassigned, overnight, pending, rejected])
  approveEntries(core.db, [synced.id, failed.id, unassigned.id, overnight.id], {}, { now: () => NOW })
  rejectEntries(core.db, [rejected.id], {}, { now: () => NOW })
  updateItem(
    core.db,
    liveItemFor(core.db, synced.id)!.id,
    { state: 'done', sent: true, server_ids: ['srv-1'] },
    '2026-03-07T12:00:00Z',
  )
  updateItem(
    core.db,
    liveItemFor(core.db, failed.id)!.id,
    { state: 'failed', sent: true, last_error: 'HTTP 422: unknown project' },
    '2026-03-07T12:00:00Z',
  )
  core.settings.update({ billing_increment_minutes: 15 })
  return { synced, failed, unassigned, overnight, pending, rejected }
}

/** What the database holds, summed here without the report code: minutes per status, billed per entry rounded up to 15. */
function totalsFromDatabase(core: Core) {
  const minutes = (e: { started_at: string; ended_at: string }) =>
    (Date.parse(e.ended_at) - Date.parse(e.started_at)) / 60_000
  const all = listEntries(core.db)
  const sum = (list: typeof all, f: (e: (typeof all)[number]) => number) => list.reduce((s, e) => s + f(e), 0)
  const approved = all.filter((e) => e.status === 'approved')
  return {
    captured_minutes: sum(all, minutes),
    approved_minutes: sum(approved, minutes),
    billed_minutes: sum(approved, (e) => Math.ceil(minutes(e) / 15) * 15),
    pending_minutes: sum(
      all.filter((e) => e.status === 'pending'),
      minutes,
    ),
    rejected_minutes: sum(
      all.filter((e) => e.status === 'rejected'),
      minutes,
    ),
  }
}

async function openReports(page: Page, url: string) {
  await page.clock.setFixedTime(NOW)
  await page.goto(url)
  await page.getByRole('button', { name: 'Reports' }).click()
  await expect(page.getByTestId('report-totals')).toBeVisible()
}

test('shows the week totals the database holds, with unassigned time and sync issues called out', async ({
  page,
  app,
}) => {
  seedWeek(app.core)
  await openReports(page, app.url)
  await expect(page.getByRole('heading', { name: 'Report 2026-03-02 to 2026-03-08' })).toBeVisible()
  const expected = totalsFromDatabase(app.core)
  const total = page.getByTestId('report-total-row')
  for (const [field, value] of Object.entries(expected)) {
    await expect(total.locator(`[data-field="${field}"]`)).toHaveText(hoursText(value))
  }
  expect(expected).toMatchObject({ approved_minutes: 147, billed_minutes: 60 + 15 + 30 + 60 })
  await expect(total.locator('[data-field="synced_minutes"]')).toHaveText(hoursText(50))
  await expect(page.getByTestId('report-unassigned')).toContainText('0:30 of approved time has no client or project')
  await expect(page.getByTestId('report-issue')).toContainText('Failed: HTTP 422: unknown project')
  await expect(page.getByTestId('report-client-row').first()).toContainText('Acme')
  await expect(page.getByTestId('report-leak')).toHaveText(['chrome 0:45', 'slack 0:20'])
  // both charts are named for assistive technology and have a table fallback
  await expect(page.getByRole('img', { name: /Approved hours per day by client/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /Hours by activity type/ })).toBeVisible()
  await page.getByTestId('chart-daily').getByText('Table of this chart').click()
  await expect(page.getByTestId('chart-daily').getByRole('row', { name: /03-06/ })).toContainText(
    'Acme (approved) 0:30',
  )
  // a per-client increment overrides the global 15 min: Globex's 7 minutes bill as 12
  await page.getByLabel('Billing increment for Globex').selectOption('6')
  await expect(total.locator('[data-field="billed_minutes"]')).toHaveText(hoursText(expected.billed_minutes - 15 + 12))
  expect(app.core.settings.get().client_billing_increments).toEqual({ globex: 6 })
})

test('drills into a client, a day and an app; edits a pending entry with the queue dialog; opens the timeline', async ({
  page,
  app,
}) => {
  const seeded = seedWeek(app.core)
  await openReports(page, app.url)
  await page.getByTestId('report-client-row').getByRole('button', { name: 'Acme' }).click()
  const drill = page.getByTestId('report-drill')
  await expect(drill.getByRole('heading')).toContainText('Entries: Acme (3)')
  await expect(drill.getByTestId('report-entry')).toHaveCount(3)
  await expect(drill.locator(`[data-entry-id="${seeded.synced.id}"]`)).toContainText('Synced')

  // the hatched (not approved) part of Wednesday's bar lists the pending entry
  await page.locator('[data-testid="chart-bar"][data-category="2026-03-04"]').last().click()
  await expect(drill.getByRole('heading')).toContainText('not approved (1)')
  await drill.locator(`[data-entry-id="${seeded.pending.id}"]`).getByRole('button', { name: 'Edit' }).click()
  const dialog = page.getByTestId('edit-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Notes').fill('Reviewed from the report')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await expect.poll(() => getEntry(app.core.db, seeded.pending.id)?.notes).toBe('Reviewed from the report')

  await page.getByTestId('report-leak').getByRole('button', { name: 'slack' }).click()
  await expect(drill.getByTestId('report-entry')).toHaveCount(1)
  await drill.getByRole('button', { name: 'Show in timeline' }).click()
  await expect(page.getByTestId('timeline')).toBeVisible()
  await expect(page.getByTestId('timeline-entry')).toHaveCount(1)
})

test("draws a year a week per bar, lists a week bar's entries, and an app's unapproved time longest first", async ({
  page,
  app,
}) => {
  const seeded = seedWeek(app.core)
  const short = pendingEntry('2026-03-02T15:00:00Z', 10, {
    project_id: 'contracts',
    client_id: 'acme',
    context_data: apps('chrome'),
  })
  insertEntries(app.core.db, [short])
  await openReports(page, app.url)
  await page.getByRole('button', { name: 'Custom' }).click()
  await page.getByLabel('From', { exact: true }).fill('2025-03-09')
  await expect(page.getByRole('heading', { name: 'Report 2025-03-09 to 2026-03-08' })).toBeVisible()
  await expect(page.getByRole('img', { name: /Approved hours per week by client/ })).toBeVisible()
  // 2025-03-09 is a Sunday: a one-day first bar, then 52 Monday weeks
  const daily = page.getByTestId('chart-daily')
  await daily.getByText('Table of this chart').click()
  await expect(daily.getByRole('row')).toHaveCount(1 + 53)
  await expect(daily.getByRole('row', { name: /03-02 to 03-08/ })).toContainText('Acme (approved) 1:50')

  // Acme's part of the week's bar: its two approved entries, the overnight one whole (both days are in the week)
  await page.locator('[data-testid="chart-bar"][data-category="2026-03-02"]').first().click()
  const drill = page.getByTestId('report-drill')
  await expect(drill.getByRole('heading')).toContainText('Week of')
  await expect(drill.getByRole('heading')).toContainText('Acme (2)')
  await expect(drill.locator(`[data-entry-id="${seeded.overnight.id}"]`)).toContainText('1:00')

  await page.getByTestId('report-leak').getByRole('button', { name: 'chrome' }).click()
  await expect(drill.getByRole('heading')).toContainText('chrome, not approved, longest first (2)')
  await expect(drill.getByTestId('report-entry').first()).toHaveAttribute('data-entry-id', seeded.pending.id)
  await expect(drill.getByTestId('report-entry').last()).toHaveAttribute('data-entry-id', short.id)
})

test('exports CSV and HTML, and prints the HTML report with Chromium PDF', async ({ page, app }) => {
  seedWeek(app.core)
  await openReports(page, app.url)
  const expected = totalsFromDatabase(app.core)
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV totals' }).click(),
  ])
  expect(csv.suggestedFilename()).toBe('billops-report-2026-03-02-to-2026-03-08-totals.csv')
  const lines = readFileSync((await csv.path())!, 'utf8')
    .trimEnd()
    .split('\r\n')
  const header = lines[0]!.split(',')
  const totalLine = lines.at(-1)!.split(',')
  expect(totalLine[0]).toBe('TOTAL')
  for (const [field, value] of Object.entries(expected)) expect(Number(totalLine[header.indexOf(field)])).toBe(value)

  const [entriesCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV entries' }).click(),
  ])
  expect(
    readFileSync((await entriesCsv.path())!, 'utf8')
      .trimEnd()
      .split('\r\n'),
  ).toHaveLength(1 + 6)

  const [html] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'HTML report' }).click(),
  ])
  const text = readFileSync((await html.path())!, 'utf8')
  expect(text).toContain('<svg')
  expect(text).not.toContain('<script')
  const printed = await page.context().newPage()
  await printed.setContent(text)
  await expect(printed.getByRole('heading', { name: 'Time report 2026-03-02 to 2026-03-08' })).toBeVisible()
  await expect(printed.getByRole('img', { name: /Approved hours per day/ })).toBeVisible()
  const pdf = await printed.pdf({ path: 'test-results/reports-week.pdf', format: 'A4', printBackground: true })
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  // the app's PDF path needs Electron; in the browser it says so
  await page.getByRole('button', { name: 'PDF' }).click()
  await expect(page.getByTestId('reports-notice')).toContainText('PDF needs the desktop app')
})

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot of the week view (${scheme}), and axe finds nothing in it (#17)`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: scheme })
    seedWeek(app.core)
    await openReports(page, app.url)
    await expect(page.getByTestId('chart-daily')).toBeVisible()
    await expectAxeClean(page, `reports (${scheme})`)
    await page.setViewportSize({ width: 1200, height: 1500 })
    await page.screenshot({ path: `test-results/reports-week-${scheme}.png`, fullPage: true })
  })
}
