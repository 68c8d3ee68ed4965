// Review queue e2e: the built renderer in Chromium, through the test transport, against a real
// core and a seeded database. Every test asserts what the user sees and what the database holds.
import type { Page } from '@playwright/test'
import { getEntry, insertEntries, listEntries } from '../src/main/store/entries'
import { pendingEntry } from '../test/support/reviewTestSupport'
import { upsertSignals, type SignalRecord } from '../src/main/store/signals'
import { expect, test } from './support/fixtures'
import { fixedClockOptions, seedBusyDay, seedDay, seedSignals } from './support/reviewSeed'

test.use(fixedClockOptions)

const row = (page: Page, id: string) => page.locator(`[data-testid="queue-row"][data-entry-id="${id}"]`)
const cursorRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-current="true"]')

async function openQueue(page: Page, url: string) {
  await page.goto(url)
  await expect(page.getByTestId('queue')).toBeVisible()
}

test('shows pending entries grouped by day, newest first, with confidence, verify reason and suggestion', async ({
  page,
  app,
}) => {
  const [first, low] = seedDay(app.core)
  await openQueue(page, app.url)
  const headings = page.getByTestId('day-heading')
  await expect(headings).toHaveCount(2)
  await expect(headings.first()).toContainText('Monday, March 2, 2026')
  await expect(headings.first()).toContainText('4 pending')
  await expect(row(page, first!.id)).toContainText('09:00–09:45')
  await expect(row(page, first!.id)).toContainText('Project acme')
  await expect(row(page, first!.id)).toContainText('(by rule: vscode → acme)')
  await expect(row(page, first!.id)).toContainText('Drafted the indemnity clause')
  await expect(row(page, low!.id)).toContainText('Verify')
  await expect(row(page, low!.id)).toContainText('Why verify: multiple activity types detected')
  await expect(page.getByTestId('queue-row').first()).toContainText('11:00–12:00')
  await expect(page.getByTestId('app-status')).toContainText('5 awaiting review')
})

test('approve, reject and undo with the keyboard; decisions reach the database', async ({ page, app }) => {
  const [, , , newest] = seedDay(app.core)
  await openQueue(page, app.url)
  await expect(cursorRow(page)).toHaveAttribute('data-entry-id', newest!.id)
  await page.keyboard.press('a')
  await expect(row(page, newest!.id)).toHaveAttribute('data-status', 'approved')
  await expect(page.getByTestId('notice')).toHaveText('Approved 1 entry')
  expect(getEntry(app.core.db, newest!.id)).toMatchObject({ status: 'approved', sync_state: 'queued' })
  await expect(page.getByTestId('app-status')).toContainText('4 awaiting review')

  // the cursor moved on to the next pending entry: reject it
  const next = await cursorRow(page).getAttribute('data-entry-id')
  expect(next).not.toBe(newest!.id)
  await page.keyboard.press('r')
  await expect(row(page, next!)).toHaveAttribute('data-status', 'rejected')
  expect(getEntry(app.core.db, next!)!.status).toBe('rejected')

  await page.keyboard.press('u')
  await expect(row(page, next!)).toHaveAttribute('data-status', 'pending')
  await expect(page.getByTestId('notice')).toContainText('Undone: Rejected 1 entry')
  await page.keyboard.press('u')
  await expect(row(page, newest!.id)).toHaveAttribute('data-status', 'pending')
  expect(getEntry(app.core.db, newest!.id)!.status).toBe('pending')
  await expect(page.getByTestId('app-status')).toContainText('5 awaiting review')
})

test('edit sets project (created by free entry), activity, notes and end; heuristics keep their hands off', async ({
  page,
  app,
}) => {
  const [, , , newest] = seedDay(app.core)
  await openQueue(page, app.url)
  await page.keyboard.press('e')
  const dialog = page.getByTestId('edit-dialog')
  await expect(dialog).toBeVisible()
  const project = dialog.getByRole('combobox', { name: 'Project' })
  await expect(project).toBeFocused()
  await project.fill('Globex merger')
  await expect(dialog.getByRole('option', { name: 'Create “Globex merger”' })).toBeVisible()
  await project.press('Enter')
  await expect(dialog.getByTestId('pick-project')).toContainText('Current: Globex merger')
  await dialog.getByLabel('Activity type').selectOption('meeting')
  await dialog.getByLabel('Notes').fill('Call with opposing counsel')
  await dialog.getByLabel('End').fill('2026-03-02T12:30')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await expect(row(page, newest!.id)).toContainText('Project Globex merger')
  await expect(row(page, newest!.id)).toContainText('1 h 30 min')
  await expect(row(page, newest!.id)).toContainText('Call with opposing counsel')
  expect(getEntry(app.core.db, newest!.id)).toMatchObject({
    project_id: 'globex-merger',
    activity_type: 'meeting',
    notes: 'Call with opposing counsel',
    ended_at: '2026-03-02T12:30:00Z',
    duration_minutes: 90,
    user_touched: true,
  })
})

test('split at a time and merge adjacent entries, each undoable', async ({ page, app }) => {
  const [, , research, newest] = seedDay(app.core)
  await openQueue(page, app.url)
  // split the newest (11:00–12:00) at 11:20
  await page.keyboard.press('s')
  const dialog = page.getByTestId('split-dialog')
  await expect(dialog.getByLabel('Split at')).toHaveValue('2026-03-02T11:30')
  await dialog.getByLabel('Split at').fill('2026-03-02T11:20')
  await dialog.getByRole('button', { name: 'Split' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('queue-row').first()).toContainText('11:20–12:00')
  await expect(row(page, newest!.id)).toContainText('11:00–11:20')
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(6)

  // merge 10:10 research with the 10:00 entry below it: cursor on research, m
  await row(page, research!.id).click()
  await page.keyboard.press('m')
  await expect(page.getByTestId('notice')).toHaveText('Merged 2 entries')
  await expect(page.getByTestId('queue-row').filter({ hasText: '10:00–10:30' })).toHaveCount(1)
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(5)

  await page.keyboard.press('u')
  await expect(row(page, research!.id)).toContainText('10:10–10:30')
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(6)
  await page.keyboard.press('u')
  await expect(row(page, newest!.id)).toContainText('11:00–12:00')
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(5)
})

test('bulk reject a shift-click range (and undo it), then bulk approve a whole day with the day checkbox', async ({
  page,
  app,
}) => {
  const entries = seedDay(app.core)
  const [, low, research, newest] = entries
  await openQueue(page, app.url)
  await row(page, newest!.id).getByRole('checkbox').check()
  await row(page, low!.id).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selection-count')).toContainText('3 selected')
  await page.keyboard.press('r')
  await expect(page.getByTestId('notice')).toHaveText('Rejected 3 entries')
  expect(
    listEntries(app.core.db, { status: 'rejected' })
      .map((e) => e.id)
      .sort(),
  ).toEqual([newest!.id, research!.id, low!.id].sort())
  await page.keyboard.press('u')
  await expect(page.getByTestId('notice')).toHaveText('Undone: Rejected 3 entries')
  expect(listEntries(app.core.db, { status: 'rejected' })).toHaveLength(0)

  await page.getByRole('checkbox', { name: /Select all pending entries of Monday, March 2/ }).check()
  await expect(page.getByTestId('selection-count')).toContainText('4 selected')
  await page.getByRole('button', { name: 'Approve' }).click()
  await expect(page.getByTestId('notice')).toHaveText('Approved 4 entries')
  for (const e of entries.slice(0, 4)) await expect(row(page, e.id)).toHaveAttribute('data-status', 'approved')
  expect(listEntries(app.core.db, { status: 'approved' })).toHaveLength(4)
  await expect(page.getByTestId('app-status')).toContainText('1 awaiting review')
})

test('keyboard-only: move, select two, approve them, edit through the dialog with Tab, help overlay', async ({
  page,
  app,
}) => {
  seedDay(app.core)
  await openQueue(page, app.url)
  await page.keyboard.press('?')
  await expect(page.getByTestId('help-overlay')).toContainText('Merge the selection')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('help-overlay')).toBeHidden()

  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await expect(page.getByTestId('selection-count')).toContainText('2 selected')
  await page.keyboard.press('a')
  await expect(page.getByTestId('notice')).toHaveText('Approved 2 entries')
  expect(
    listEntries(app.core.db, { status: 'approved' })
      .map((e) => e.started_at)
      .sort(),
  ).toEqual(['2026-03-02T10:00:00Z', '2026-03-02T10:10:00Z'])

  // edit the entry under the cursor without a mouse
  await page.keyboard.press('k')
  await page.keyboard.press('k')
  await page.keyboard.press('k')
  await page.keyboard.press('e')
  await page.keyboard.type('Initech')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Tab') // client
  await page.keyboard.press('Tab') // activity
  await page.keyboard.press('Tab') // notes
  await page.keyboard.type('Typed without a mouse')
  const form = page.getByTestId('edit-dialog')
  await form.getByRole('button', { name: 'Save' }).focus()
  await page.keyboard.press('Enter')
  await expect(form).toBeHidden()
  const newest = listEntries(app.core.db, { status: 'pending', newestFirst: true })[0]!
  expect(newest).toMatchObject({ project_id: 'initech', notes: 'Typed without a mouse', user_touched: true })
})

test.describe('away prompt', () => {
  test.beforeEach(({ app }) => {
    insertEntries(app.core.db, [pendingEntry('2026-03-02T16:00:00Z', 10, { project_id: 'acme' })])
    seedSignals(app.core, [
      ['2026-03-02T16:09:00Z', 'vscode', 'keyboard'],
      ['2026-03-02T16:10:00Z', 'vscode', 'keyboard'],
      ['2026-03-02T16:10:30Z', 'system', 'lock'],
      ['2026-03-02T16:55:00Z', 'vscode', 'mouse_click'],
    ])
  })

  test('discard is the default (focused): d answers it and it is not asked again', async ({ page, app }) => {
    await page.goto(app.url)
    const prompt = page.getByTestId('away-prompt')
    await expect(prompt).toContainText('You were away 45 min')
    await expect(prompt).toContainText('From 16:10 to 16:55')
    await expect(prompt.getByRole('button', { name: /Discard/ })).toBeFocused()
    await page.keyboard.press('d')
    await expect(prompt).toBeHidden()
    await page.reload()
    await expect(page.getByTestId('queue')).toBeVisible()
    await expect(prompt).toBeHidden()
    expect(listEntries(app.core.db)).toHaveLength(1)
  })

  test('k keeps the time as work on the previous entry', async ({ page, app }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('away-prompt')).toBeVisible()
    await page.keyboard.press('k')
    await expect(page.getByTestId('away-prompt')).toBeHidden()
    await expect(page.getByTestId('queue-row').first()).toContainText('16:00–16:55')
    expect(listEntries(app.core.db)[0]).toMatchObject({ ended_at: '2026-03-02T16:55:00Z', user_touched: true })
  })

  test('a assigns it to a project with a note, as a new entry', async ({ page, app }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('away-prompt')).toBeVisible()
    await page.keyboard.press('a')
    await page.keyboard.type('Board meeting')
    await page.keyboard.press('Enter')
    await page.getByLabel('Note').fill('Quarterly review call')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('away-prompt')).toBeHidden()
    await expect(page.getByTestId('queue-row').first()).toContainText('16:10–16:55')
    await expect(page.getByTestId('queue-row').first()).toContainText('Project Board meeting')
    const created = listEntries(app.core.db, { newestFirst: true })[0]!
    expect(created).toMatchObject({
      project_id: 'board-meeting',
      notes: 'Quarterly review call',
      activity_type: 'meeting',
      source: 'manual',
    })
  })
})

test('timeline: click selects the entry in the queue, dragging an edge moves its end', async ({ page, app }) => {
  const [first] = seedDay(app.core)
  seedSignals(app.core, [
    ['2026-03-02T09:00:00Z', 'vscode', 'keyboard'],
    ['2026-03-02T09:00:40Z', 'vscode', 'keyboard'],
    ['2026-03-02T09:30:00Z', 'vscode', 'keyboard'],
    ['2026-03-02T09:33:00Z', 'chrome', 'mouse_click'],
  ])
  await openQueue(page, app.url)
  // the half hour without input is an absence: answer the prompt first (discard)
  await expect(page.getByTestId('away-prompt')).toBeVisible()
  await page.keyboard.press('d')
  await page.getByRole('button', { name: 'Timeline' }).click()
  const timeline = page.getByTestId('timeline')
  await expect(timeline).toContainText('Monday, March 2, 2026')
  await expect(page.getByTestId('lane-activity').locator('[data-kind="away"]')).toHaveCount(1)
  await expect(page.getByTestId('lane-activity').locator('[data-kind="idle"]')).toHaveCount(1)
  const block = page.locator(`[data-testid="timeline-entry"][data-entry-id="${first!.id}"]`)
  await block.getByRole('button').click()
  await expect(page.getByTestId('timeline-detail')).toContainText('09:00–09:45')

  const edge = block.getByTestId('edge-end')
  const box = (await edge.boundingBox())!
  // the axis spans whole hours around the day's data: measure pixels per minute on the entry
  const startBox = (await block.getByTestId('edge-start').boundingBox())!
  const pxPerMinute = (box.x - startBox.x) / 45
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + pxPerMinute * 15, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect.poll(() => getEntry(app.core.db, first!.id)!.ended_at).toBe('2026-03-02T10:00:00Z')

  await page.getByRole('button', { name: 'Show in queue' }).click()
  await expect(cursorRow(page)).toHaveAttribute('data-entry-id', first!.id)
  await expect(cursorRow(page)).toContainText('09:00–10:00')
})

test('settings: billing increment shows billed durations in the queue and explains the rounding', async ({
  page,
  app,
}) => {
  const [, low] = seedDay(app.core)
  await openQueue(page, app.url)
  await expect(row(page, low!.id)).not.toContainText('bills')
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('radio', { name: /6 minutes/ }).check()
  await expect(page.getByTestId('rounding-explanation')).toContainText('7 minutes bill as 12')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  expect(app.core.settings.get().billing_increment_minutes).toBe(6)
  await page.getByRole('button', { name: 'Review' }).click()
  await expect(row(page, low!.id)).toContainText('bills 12 min')
})

test('settings: renaming a project shows the new name on the entries that use it', async ({ page, app }) => {
  const [first] = seedDay(app.core)
  await app.core.dispatch('clients.save', { id: 'acme-co', name: 'Acme Co' })
  await app.core.dispatch('projects.save', { id: 'acme', name: 'Acme audit', client_id: 'acme-co' })
  await openQueue(page, app.url)
  await expect(row(page, first!.id)).toContainText('Acme audit')
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByLabel('Name of project Acme audit').fill('Acme annual audit')
  await page.getByTestId('projects-settings').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('projects-settings').getByRole('status')).toHaveText(
    'Project “Acme annual audit” saved.',
  )
  // Same id (entries keep pointing at it), new name.
  expect(app.core.db.prepare("SELECT id, name, client_id FROM projects WHERE id = 'acme'").get()).toEqual({
    id: 'acme',
    name: 'Acme annual audit',
    client_id: 'acme-co',
  })
  await page.getByRole('button', { name: 'Review' }).click()
  await expect(row(page, first!.id)).toContainText('Acme annual audit')
})

test('rules changing pending suggestions: untouched entries follow the new rule, edited ones stay', async ({
  page,
  app,
}) => {
  // Real heuristics: signals with local window titles become pending suggestions.
  // As capture writes them: the title on a focus signal, input inheriting it.
  const block = (from: string, to: string, appId: string, title: string | null) => {
    const first = Date.parse(from) / 1000
    const signals: SignalRecord[] = [{ ts: first, app: appId, type: 'app_focus', count: 1, title }]
    for (let t = first; t <= Date.parse(to) / 1000; t += 5)
      signals.push({ ts: t, app: appId, type: 'keyboard', count: 1, title: null })
    upsertSignals(app.core.db, signals)
  }
  block('2026-03-02T09:00:00Z', '2026-03-02T09:20:00Z', 'word', 'Acme contract.docx')
  block('2026-03-02T09:40:00Z', '2026-03-02T10:00:00Z', 'word', 'Acme contract.docx')
  block('2026-03-02T10:20:00Z', '2026-03-02T10:40:00Z', 'vscode', null)
  await app.core.suggest.processPending()
  const suggested = listEntries(app.core.db, { status: 'pending' })
  expect(suggested.length).toBeGreaterThanOrEqual(3)
  const [firstAcme, secondAcme] = suggested
  expect(firstAcme!.project_id).toBeNull()

  await openQueue(page, app.url)
  await expect(page.getByTestId('away-prompt')).toBeVisible()
  await page.keyboard.press('d')
  await expect(page.getByTestId('away-prompt')).toBeHidden()
  // the user edits the second Acme entry: from now on it is theirs
  await row(page, secondAcme!.id).click()
  await page.keyboard.press('e')
  await page.getByTestId('edit-dialog').getByLabel('Notes').fill('Reviewed by hand')
  await page.getByTestId('edit-dialog').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('edit-dialog')).toBeHidden()

  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Add classification rule' }).click()
  const rule = page.getByRole('group', { name: 'Classification rule 1' })
  await rule.getByLabel('Title pattern').fill('acme')
  await rule.getByLabel('Project').fill('p-acme')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()

  expect(app.core.settings.get().classification_rules).toMatchObject([{ title_pattern: 'acme', project_id: 'p-acme' }])
  await expect.poll(() => getEntry(app.core.db, firstAcme!.id)?.project_id, { timeout: 15_000 }).toBe('p-acme')
  await page.getByRole('button', { name: 'Review' }).click()
  // the queue reloads by itself when heuristics report re-classified suggestions
  await expect(row(page, firstAcme!.id)).toContainText('Project p-acme', { timeout: 15_000 })
  await expect(row(page, firstAcme!.id)).toContainText('(by rule')
  await expect(row(page, secondAcme!.id)).toContainText('No project')
  await expect(row(page, secondAcme!.id)).toContainText('Reviewed by hand')
  expect(getEntry(app.core.db, secondAcme!.id)).toMatchObject({ project_id: null, user_touched: true })
})

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of queue, timeline and settings (${scheme})`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: scheme })
    seedDay(app.core)
    seedBusyDay(app.core)
    await app.core.dispatch('settings.update', { billing_increment_minutes: 6 })
    await openQueue(page, app.url)
    await expect(page.getByTestId('away-prompt')).toBeVisible()
    await page.screenshot({ path: `test-results/review-away-prompt-${scheme}.png` })
    await page.keyboard.press('d')
    await expect(page.getByTestId('away-prompt')).toBeHidden()
    await page.keyboard.press('j')
    await page.keyboard.press('x')
    await page.screenshot({ path: `test-results/review-queue-${scheme}.png` })
    await page.getByRole('button', { name: 'Timeline' }).click()
    await expect(page.getByTestId('lane-entries')).toBeVisible()
    await page.screenshot({ path: `test-results/review-timeline-${scheme}.png` })
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByTestId('settings')).toBeVisible()
    await page.setViewportSize({ width: 1200, height: 2000 })
    await page.screenshot({ path: `test-results/review-settings-${scheme}.png`, fullPage: true })
  })
}
