// Settings → Import in the built renderer: an ActivityWatch export picked with the file input is
// sent in chunks to the real core, imported, and summarised; processing it yields suggestions.
import { join } from 'node:path'
import { expect, test } from './support/fixtures'
import { listSignals } from '../test/support/signalRows'

test('imports an ActivityWatch export from Settings and shows the summary', async ({ page, app }) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  const section = page.getByTestId('import-settings')
  await section.getByLabel('Format').selectOption('activitywatch')
  await section.getByLabel('File to import').setInputFiles(join(__dirname, '../test/fixtures/activitywatch-day.json'))
  await section.getByRole('button', { name: 'Import', exact: true }).click()

  await expect(section.getByRole('status')).toContainText(
    'Imported 462 signals from 2024-03-12T08:50:00Z to 2024-03-12T18:00:00Z (ActivityWatch)',
  )
  expect(new Set(listSignals(app.core.db).map((s) => s.app))).toEqual(
    new Set(['vscode', 'firefox', 'slack', 'zoom', 'thunderbird', 'system']),
  )
  await app.core.suggest.processPending()
  expect(app.core.status().pending_count).toBe(9)

  // A file that is not an import: the reason is shown, nothing is stored.
  await section.getByLabel('Format').selectOption('auto')
  await section
    .getByLabel('File to import')
    .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"notes": []}') })
  await section.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(section.getByRole('alert')).toContainText('neither a seed ingest request')
})
