// Keyboard-only e2e: the whole daily loop with page.keyboard alone (no click, no mouse move):
// answer the away prompt, review a day (approve, edit, split, undo), change a setting, and move
// an entry's end on the timeline. The page counts pointer events to prove none happened.
import type { Locator, Page } from '@playwright/test'
import { getEntry, insertEntries, listEntries } from '../src/main/store/entries'
import { pendingEntry } from '../test/support/reviewTestSupport'
import { expect, test } from './support/fixtures'
import { fixedClockOptions, seedDay, seedSignals } from './support/reviewSeed'

test.use(fixedClockOptions)

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const counts = { pointer: 0 }
    ;(window as unknown as { __pointerEvents: typeof counts }).__pointerEvents = counts
    for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'mousemove'])
      window.addEventListener(type, () => counts.pointer++, true)
  })
})

test.afterEach(async ({ page }) => {
  expect(
    await page.evaluate(() => (window as unknown as { __pointerEvents: { pointer: number } }).__pointerEvents.pointer),
  ).toBe(0)
})

/** Tab (or Shift+Tab) until `target` has the focus, the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`${String(target)} not reached with ${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'}`)
}

const cursorRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-current="true"]')

test('answer the away prompt, approve, edit, split, undo and change a setting without a mouse', async ({
  page,
  app,
}) => {
  seedDay(app.core)
  insertEntries(app.core.db, [pendingEntry('2026-03-02T16:00:00Z', 10, { project_id: 'acme' })])
  seedSignals(app.core, [
    ['2026-03-02T16:09:00Z', 'vscode', 'keyboard'],
    ['2026-03-02T16:10:00Z', 'vscode', 'keyboard'],
    ['2026-03-02T16:10:30Z', 'system', 'lock'],
    ['2026-03-02T16:55:00Z', 'vscode', 'mouse_click'],
  ])
  await page.goto(app.url)

  // the away prompt: k keeps the time as work on the previous entry
  const away = page.getByTestId('away-prompt')
  await expect(away.getByRole('button', { name: /Discard/ })).toBeFocused()
  await page.keyboard.press('k')
  await expect(away).toBeHidden()
  await expect(cursorRow(page)).toContainText('16:00–16:55')

  // approve the newest entry; the cursor (and the focus) move on to the next one
  await page.keyboard.press('a')
  await expect(page.getByTestId('notice')).toHaveText('Approved 1 entry')
  expect(listEntries(app.core.db, { status: 'approved' }).map((e) => e.started_at)).toEqual(['2026-03-02T16:00:00Z'])
  await expect(cursorRow(page)).toContainText('11:00–12:00')
  await expect(cursorRow(page)).toBeFocused()
  await page.keyboard.press('j')
  await expect(cursorRow(page)).toContainText('10:10–10:30')
  await expect(cursorRow(page)).toBeFocused()
  await page.keyboard.press('k')
  await expect(cursorRow(page)).toContainText('11:00–12:00')
  await expect(cursorRow(page)).toBeFocused()

  // edit it: project by typing, notes, Save reached with Tab
  await page.keyboard.press('e')
  const edit = page.getByTestId('edit-dialog')
  await expect(edit.getByRole('combobox', { name: 'Project' })).toBeFocused()
  await page.keyboard.type('Initech')
  await page.keyboard.press('Enter')
  await tabTo(page, edit.getByLabel('Notes'))
  await page.keyboard.type('Typed without a mouse')
  await tabTo(page, edit.getByRole('button', { name: 'Save' }))
  await page.keyboard.press('Enter')
  await expect(edit).toBeHidden()
  await expect(cursorRow(page)).toBeFocused() // the focus is back where the dialog opened
  const edited = listEntries(app.core.db, { status: 'pending', newestFirst: true })[0]!
  expect(edited).toMatchObject({
    started_at: '2026-03-02T11:00:00Z',
    project_id: 'initech',
    notes: 'Typed without a mouse',
  })

  // split it at the proposed middle, then undo the split
  await page.keyboard.press('s')
  const split = page.getByTestId('split-dialog')
  await expect(split.getByLabel('Split at')).toBeFocused()
  await tabTo(page, split.getByRole('button', { name: 'Split' }))
  await page.keyboard.press('Enter')
  await expect(split).toBeHidden()
  await expect(page.getByTestId('queue-row').filter({ hasText: '11:30–12:00' })).toHaveCount(1)
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(6)
  await page.keyboard.press('u')
  await expect(page.getByTestId('notice')).toContainText('Undone')
  expect(listEntries(app.core.db, { status: 'pending' })).toHaveLength(5)
  expect(getEntry(app.core.db, edited.id)).toMatchObject({ ended_at: '2026-03-02T12:00:00Z' })

  // a setting: to the nav with Shift+Tab, Settings, the billing increment with the arrow keys
  await tabTo(page, page.getByRole('button', { name: 'Settings' }), { backwards: true })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('settings')).toBeVisible()
  await tabTo(page, page.getByRole('radio', { name: 'No rounding' }))
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('radio', { name: /6 minutes/ })).toBeChecked()
  await tabTo(page, page.getByRole('button', { name: 'Save settings' }))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  expect(app.core.settings.get().billing_increment_minutes).toBe(6)
})

test('timeline: an entry and its end are reached with Tab, moved with the arrow keys, and the move is announced', async ({
  page,
  app,
}) => {
  const [first] = seedDay(app.core)
  await page.goto(app.url)
  await expect(page.getByTestId('queue')).toBeVisible()
  await tabTo(page, page.getByRole('button', { name: 'Timeline' }), { backwards: true })
  await page.keyboard.press('Enter')
  const block = page.locator(`[data-testid="timeline-entry"][data-entry-id="${first!.id}"]`)
  await tabTo(page, block.getByRole('button'))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('timeline-detail')).toContainText('09:00–09:45')
  const end = block.getByRole('slider', { name: /^End of / })
  await tabTo(page, end)
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('timeline-announcement')).toHaveText('End moved to 09:50: entry 09:00–09:50')
  await expect(end).toHaveAttribute('aria-valuetext', '09:50')
  await expect(end).toBeFocused()
  expect(getEntry(app.core.db, first!.id)!.ended_at).toBe('2026-03-02T09:50:00Z')
})
