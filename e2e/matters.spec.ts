// Matters (#30) in the built renderer: a matter list imported in Settings → Matters (mapping shown
// first), then a window titled with the matter number drafts a suggestion with that matter's
// project and client, saying why, its suggested UTBMS activity code and the missing task code; the
// Reports view shows how much of the day's time has a matter. axe runs in the light and the dark theme.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createManualClock } from '../test/support/manualClock'
import { listEntries } from '../src/main/store/entries'
import { upsertSignals, type SignalRecord } from '../src/main/store/signals'
import { expectAxeClean } from './support/axe'
import { expect, test } from './support/fixtures'

test.use({
  coreOptions: { clock: createManualClock(Date.parse('2026-06-01T19:00:00Z')) },
  timezoneId: 'UTC',
  locale: 'en-US',
})

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`) / 1000
function work(app: string, from: string, to: string, title: string): SignalRecord[] {
  const out: SignalRecord[] = [{ ts: at(from), app, type: 'app_focus', count: 1, title }]
  for (let t = at(from); t <= at(to); t += 5) out.push({ ts: t, app, type: 'keyboard', count: 1, title: null })
  return out
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a matter list imported in Settings drafts matter-coded suggestions (${colorScheme}; axe finds nothing)`, async ({
    page,
    app,
  }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto(app.url)
    await page.getByRole('button', { name: 'Settings' }).click()
    const section = page.getByTestId('matter-settings')
    await expect(section).toContainText('No matters yet.')
    await section
      .getByLabel('Matter list (.csv or .json)')
      .setInputFiles(join(__dirname, '../test/shared/matters/clio-matters.csv'))
    const mapping = section.getByTestId('matter-mapping')
    await expect(mapping.getByRole('row', { name: 'Matter number Display Number' })).toBeVisible()
    await expect(mapping).toContainText('Not used: Responsible Attorney, Practice Area')
    await expect(mapping).toContainText('1 row will be skipped')
    await expectAxeClean(page, `settings with the matter mapping (${colorScheme})`)
    await section.getByRole('button', { name: 'Import 4 matters' }).click()
    await expect(section.getByTestId('matter-import-result')).toHaveText(
      'Imported: 4 new, 0 updated, 0 unchanged; 0 existing projects matched.',
    )
    await expect(section).toContainText('4 matters.')
    // Settings → Billing lists the imported clients; the timekeeper and one client's billing are saved
    const billingSection = page.getByTestId('billing-settings')
    await expect(billingSection.getByRole('rowheader', { name: 'Acme Corp' })).toBeVisible()
    await billingSection.getByLabel('Timekeeper name (Surname, First)').fill('Doe, Jane')
    await billingSection.getByLabel('Hourly rate for Acme Corp').fill('300')
    await billingSection.getByLabel('UTBMS codes required for Acme Corp').check()
    await billingSection.getByLabel('Block billing check for Acme Corp').uncheck()
    await billingSection.getByRole('button', { name: 'Save billing' }).click()
    await expect(billingSection.getByRole('status')).toHaveText('Billing saved.')
    await expectAxeClean(page, `settings with the client billing table (${colorScheme})`)
    const saved = await app.core.dispatch('settings.get', null)
    const acme = Object.entries((saved as { value: { client_rates: Record<string, number> } }).value.client_rates)
    expect(acme).toHaveLength(1)
    expect(saved).toMatchObject({
      ok: true,
      value: {
        timekeeper_name: 'Doe, Jane',
        client_utbms_required: { [acme[0]![0]]: true },
        client_guidelines: { [acme[0]![0]]: { BLOCK_BILLING: { enabled: false } } },
      },
    })
    expect(acme[0]![1]).toBe(300)

    upsertSignals(app.core.db, [
      ...work('word', '12:00', '12:40', 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word'),
      ...work('chrome', '14:00', '14:10', 'New Tab - Google Chrome'),
    ])
    const away = await app.core.dispatch('away.next', null)
    if (away.ok && away.value)
      await app.core.dispatch('away.decide', {
        decision: 'discard',
        started_at: (away.value as { started_at: string }).started_at,
        ended_at: (away.value as { ended_at: string }).ended_at,
      })
    await app.core.suggest.processPending()
    await page.getByRole('button', { name: 'Review' }).click()
    const msj = listEntries(app.core.db).find((e) => e.started_at === '2026-06-01T12:00:00Z')!
    expect(msj.context_data.suggestion_reason).toBe(
      "Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word'",
    )
    const row = page.locator(`[data-testid="queue-row"][data-entry-id="${msj.id}"]`)
    await expect(row).toContainText('Project 2024-0117 Smith v Jones · Client Smith Holdings LLC')
    await expect(row).toContainText(
      "(matter: Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word')",
    )
    // 2024-0117 requires UTBMS: the suggested activity code with why, the missing task code as a guideline violation
    const billing = row.getByTestId('row-billing')
    await expect(billing).toContainText(
      'UTBMS task code required · A103 (suggested: A103 Draft/revise: writing in word)',
    )
    await expect(billing.getByTestId('guideline-violation')).toHaveText([
      'MISSING_CODES: UTBMS codes required on matter 2024-0117: no task code',
    ])
    await expectAxeClean(page, `review queue with a matter suggestion (${colorScheme})`)
    // approving lists the broken guidelines first
    await row.click()
    await page.keyboard.press('a')
    const violations = page.getByTestId('violations-dialog')
    await expect(violations).toContainText('MISSING_CODES UTBMS codes required on matter 2024-0117: no task code')
    await expectAxeClean(page, `billing-guideline violations before approving (${colorScheme})`)
    await violations.getByRole('button', { name: 'Back to the queue' }).click()
    await expect(violations).toBeHidden()
    // the reviewer fixes it from the keyboard: c opens the codes, the task code is chosen, the warning goes
    await page.keyboard.press('c')
    const dialog = page.getByTestId('codes-dialog')
    await expect(dialog).toContainText('Suggested activity: A103 Draft/revise: writing in word')
    await expectAxeClean(page, `UTBMS codes dialog (${colorScheme})`)
    await dialog.getByLabel('Task code').selectOption('L240')
    await dialog.getByRole('button', { name: 'Save codes' }).click()
    await expect(dialog).toBeHidden()
    await expect(row.getByTestId('row-billing')).toContainText('UTBMS L240 · A103')
    await expect(row.getByTestId('guideline-violation')).toHaveCount(0)
    expect(await app.core.dispatch('codes.get', { ids: [msj.id] })).toMatchObject({
      ok: true,
      value: [{ task_code: 'L240', activity_code: 'A103' }],
    })
    // the edit dialog shows the same codes and changes one of them
    await page.keyboard.press('e')
    const edit = page.getByTestId('edit-dialog')
    await expect(edit.getByLabel('Task code', { exact: true })).toHaveValue('L240')
    await expectAxeClean(page, `edit dialog with UTBMS codes (${colorScheme})`)
    await edit.getByLabel('Activity code', { exact: true }).selectOption('A104')
    await edit.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(edit).toBeHidden()
    await expect(row.getByTestId('row-billing')).toContainText('UTBMS L240 · A104')
    // nothing broken now: a approves at once
    await page.keyboard.press('a')
    await expect(row).toHaveAttribute('data-status', 'approved')

    // Reports → Matter coverage for that day: Word's time has the matter and is approved, Chrome's has neither
    await page.getByRole('button', { name: 'Reports' }).click()
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'Custom' }).click()
    await page.getByLabel('From', { exact: true }).fill('2026-06-01')
    await page.getByLabel('To', { exact: true }).fill('2026-06-01')
    const coverage = page.getByTestId('matter-coverage')
    const byApp = coverage.getByRole('table', { name: 'Matter coverage by app' })
    const cells = (name: string) =>
      byApp
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell')
    await expect(cells('word')).toHaveText([/^\d:\d\d$/u, '100 %', /^\d:\d\d$/u, '100 %'])
    await expect(cells('chrome')).toHaveText([/^\d:\d\d$/u, '0 %', '0:00', '—'])
    await expect(coverage.getByRole('table', { name: 'Matter coverage by day' }).getByRole('rowheader')).toHaveCount(2)
    await expectAxeClean(page, `reports with the matter coverage (${colorScheme})`)

    // LEDES 1998B from the Reports view: refused with every problem while no timekeeper is set,
    // then written once they are (the firm's settings, as Settings or settings.update set them)
    const ledes = page.getByTestId('ledes-export')
    await ledes.getByLabel('Invoice number').fill('INV-0601')
    await ledes.getByRole('button', { name: 'Export LEDES' }).click()
    const problems = ledes.getByTestId('ledes-problems')
    await expect(problems).toContainText('LAW_FIRM_ID is empty')
    await expect(problems).toContainText('no timekeeper id')
    await expectAxeClean(page, `LEDES refusal listing its problems (${colorScheme})`)
    expect(
      await app.core.dispatch('settings.update', {
        timekeeper_id: 'RA',
        timekeeper_name: 'Arnsley, Robert',
        timekeeper_classification: 'PARTNR',
        timekeeper_rate: 350,
        law_firm_id: '12-3456789',
      }),
    ).toMatchObject({ ok: true })
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      ledes.getByRole('button', { name: 'Export LEDES' }).click(),
    ])
    const text = readFileSync(await file.path(), 'utf8')
    const lines = text.split('\r\n').filter((line) => line !== '')
    expect(lines[0]).toBe('LEDES1998B[]')
    expect(lines.every((line) => line.endsWith('[]'))).toBe(true)
    // the 24 fields in order: the fee line of the approved MSJ draft, coded as the reviewer left it
    const fields = lines[2]!.replace(/\[\]$/u, '').split('|')
    expect(fields).toHaveLength(24)
    expect([
      fields[1],
      fields[3],
      fields[9],
      fields[14],
      fields[15],
      fields[16],
      fields[17],
      fields[19],
      fields[21],
      fields[22],
    ]).toEqual(['INV-0601', '2024-0117', 'F', 'L240', '', 'A104', 'RA', '12-3456789', 'Arnsley, Robert', 'PARTNR'])
    await expect(problems).toHaveCount(0)
  })
}
