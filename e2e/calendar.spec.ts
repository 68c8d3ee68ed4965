// Calendar (#16) in the built renderer: a calendar file added in Settings → Calendars becomes,
// after a heuristics round in the real core, a calendar-backed meeting suggestion with its badge,
// its event in the timeline's events lane, and an attendee-derived client the user approves.
import { join } from 'node:path'
import { createManualClock } from '../test/support/manualClock'
import { getEntry, listEntries } from '../src/main/store/entries'
import { upsertSignals, type SignalRecord } from '../src/main/store/signals'
import { createProjectRepository } from '../src/main/store/projects'
import { expectAxeClean } from './support/axe'
import { expect, test } from './support/fixtures'

test.use({
  coreOptions: { clock: createManualClock(Date.parse('2026-06-01T19:00:00Z')) },
  timezoneId: 'UTC',
  locale: 'en-US',
})

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`) / 1000
function input(app: string, from: string, to: string, everyS: number): SignalRecord[] {
  const out: SignalRecord[] = []
  for (let t = at(from); t <= at(to); t += everyS) out.push({ ts: t, app, type: 'keyboard', count: 1, title: null })
  return out
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a calendar added in Settings yields a calendar-backed meeting with its badge, lane and attendee-derived client (${colorScheme}; axe finds nothing)`, async ({
    page,
    app,
  }) => {
    await page.emulateMedia({ colorScheme })
    createProjectRepository(app.core.db).saveClient({ id: 'client-smith', name: 'Smith LLP' })
    app.core.settings.update({
      classification_rules: [{ id: 'smith', priority: 0, attendee_domain: 'smithlaw.com', client_id: 'client-smith' }],
    })
    upsertSignals(app.core.db, [
      ...input('vscode', '12:00', '13:00', 5),
      ...input('zoom', '14:03', '14:57', 30),
      ...input('vscode', '17:00', '17:40', 5),
      ...input('vscode', '17:50', '17:50', 5),
    ])
    // The latest absence is answered beforehand: this test is about the calendar, not the away prompt.
    const away = await app.core.dispatch('away.next', null)
    if (away.ok && away.value)
      await app.core.dispatch('away.decide', {
        decision: 'discard',
        started_at: (away.value as { started_at: string }).started_at,
        ended_at: (away.value as { ended_at: string }).ended_at,
      })

    await page.goto(app.url)
    await page.getByRole('button', { name: 'Settings' }).click()
    const section = page.getByTestId('calendar-settings')
    await section.getByLabel('Your e-mail addresses (to read whether you accepted)').fill('me@ourfirm.com')
    await section
      .getByLabel('Calendar file (.ics)')
      .setInputFiles(join(__dirname, '../test/fixtures/calendar/day-with-meetings.ics'))
    await section.getByRole('button', { name: 'Add file' }).click()
    await expect(section.getByTestId('calendar-source')).toContainText('File: day-with-meetings.ics')
    await expect(section.getByTestId('calendar-source')).toContainText(
      '3 events on 2026-06-01 · Updated at 19:00 · as me@ourfirm.com',
    )

    await app.core.suggest.processPending()
    await page.getByRole('button', { name: 'Review' }).click()
    const meeting = listEntries(app.core.db).find((e) => e.started_at === '2026-06-01T14:00:00Z')!
    const row = page.locator(`[data-testid="queue-row"][data-entry-id="${meeting.id}"]`)
    await expect(row).toContainText('14:00–15:00')
    await expect(row.getByTestId('calendar-badge')).toHaveText('📅 Calendar')
    await expect(row).toContainText('Client Smith LLP')
    const draft = page.locator('[data-testid="queue-row"]', { hasText: '16:00–16:30' })
    await expect(draft.getByTestId('calendar-badge')).toHaveText('📅 Calendar only')
    await expect(draft).toContainText('Verify')
    await expectAxeClean(page, `review queue with calendar badges (${colorScheme})`)

    await row.click()
    await page.getByRole('button', { name: 'Timeline' }).click()
    const lane = page.getByTestId('lane-events')
    await expect(lane.getByRole('listitem', { name: '14:00–15:00 Smith v. Jones – strategy' })).toBeVisible()
    await expect(lane.getByRole('listitem', { name: '16:00–16:30 Coffee with Acme' })).toBeVisible()
    // declined: not a meeting worth suggesting, not drawn either
    await expect(lane.getByRole('listitem')).toHaveCount(2)
    await expectAxeClean(page, `timeline with the events lane (${colorScheme})`)

    await page.getByRole('button', { name: 'Review' }).click()
    await row.click()
    await page.keyboard.press('a')
    await expect(row).toHaveAttribute('data-status', 'approved')
    expect(getEntry(app.core.db, meeting.id)).toMatchObject({
      status: 'approved',
      activity_type: 'meeting',
      client_id: 'client-smith',
      sync_state: 'queued',
    })
  })
}
