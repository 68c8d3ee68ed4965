import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../../../test/support/cliRun'
import { entryFixture } from '../../../../test/shared/entryFixture'
import { closeDatabase, openDatabase } from '../../store/database'
import { insertEntries } from '../../store/entries'
import { setEntryCodes } from '../../store/matters'
import { createSettingsStore } from '../../store/settings'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command'

const FIXTURES = join(__dirname, '../../../../test/shared/matters')
const HEADER =
  'INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]'

let dir: string
let db: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billops-ledes-'))
  db = join(dir, 'db.sqlite')
  // exit 5: the fixture's last row has no number (listed, skipped)
  expect(
    (await runCliInProcess(['matters', 'import', '--db', db, '--input', join(FIXTURES, 'clio-matters.csv')])).code,
  ).toBe(5)
  const handle = openDatabase(db)
  const approved = { status: 'approved' as const, user_touched: true }
  insertEntries(handle, [
    // 2024-0117 (UTBMS required, $350): 40 min → 0.70 h at 6-minute increments
    entryFixture('e1', '2024-03-04T14:00:00Z', 40, {
      ...approved,
      project_id: '2024-0117-smith-v-jones',
      notes: 'Drafted motion for summary judgment',
    }),
    // 2024-0117, 7 min → 0.20 h
    entryFixture('e2', '2024-03-05T15:00:00Z', 7, {
      ...approved,
      project_id: '2024-0117-smith-v-jones',
      notes: 'Call with client re deposition dates',
    }),
    // pending and another client's time are not billed
    entryFixture('e3', '2024-03-05T16:00:00Z', 60, { project_id: '2024-0117-smith-v-jones', notes: 'pending' }),
    entryFixture('e4', '2024-03-05T17:00:00Z', 60, {
      ...approved,
      project_id: '2023-0988-estate-of-whitaker',
      notes: 'Estate work',
    }),
    // 23:30 UTC on 31 March is 1 April in Tokyo: outside a March invoice there
    entryFixture('e5', '2024-03-31T23:30:00Z', 30, {
      ...approved,
      project_id: '2024-0117-smith-v-jones',
      notes: 'Reviewed expert report',
    }),
  ])
  setEntryCodes(handle, 'e1', { task_code: 'L240', activity_code: 'A103', source: 'user' })
  setEntryCodes(handle, 'e2', { task_code: 'L330', activity_code: 'A106', source: 'user' })
  setEntryCodes(handle, 'e5', { task_code: 'L120', activity_code: 'A104', source: 'user' })
  createSettingsStore(handle, Date.now).update({
    billing_increment_minutes: 6,
    timekeeper_id: '22547',
    timekeeper_name: 'Arnsley, Robert',
    timekeeper_classification: 'PARTNR',
    law_firm_id: '24-6437381',
  })
  closeDatabase(handle)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const ledes = (...args: string[]) =>
  runCliInProcess([
    'report',
    '--db',
    db,
    '--format',
    'ledes1998b',
    '--from',
    '2024-03-01',
    '--to',
    '2024-03-31',
    ...args,
  ])

describe('billops report --format ledes1998b', () => {
  it('writes the approved time of a client and period as LEDES 1998B, in the zone asked for', async () => {
    const result = await ledes(
      '--client',
      'Smith Holdings LLC',
      '--invoice-number',
      'INV-2024-03',
      '--invoice-date',
      '2024-04-02',
      '--tz',
      'Asia/Tokyo',
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout.split('\r\n')).toEqual([
      'LEDES1998B[]',
      HEADER,
      '20240402|INV-2024-03|00711|2024-0117|315|20240301|20240331|For services rendered|1|F|0.70|0|245|20240304|L240||A103|22547|Drafted motion for summary judgment|24-6437381|350|Arnsley, Robert|PARTNR|SH-77[]',
      '20240402|INV-2024-03|00711|2024-0117|315|20240301|20240331|For services rendered|2|F|0.20|0|70|20240306|L330||A106|22547|Call with client re deposition dates|24-6437381|350|Arnsley, Robert|PARTNR|SH-77[]',
      '',
    ])
  })

  it('takes the last day in New York (DST began 10 March) and the command line over the settings', async () => {
    const result = await ledes(
      '--client',
      'smith-holdings-llc',
      '--invoice-number',
      'INV-7',
      '--invoice-date',
      '2024-04-02',
      '--tz',
      'America/New_York',
      '--timekeeper',
      '777',
      '--timekeeper-name',
      'Doe, Jane',
      '--classification',
      'ASSOC',
      '--law-firm-id',
      '99-1',
      '--rate',
      '200',
    )
    expect(result.code).toBe(EXIT_OK)
    const lines = result.stdout.split('\r\n').slice(2, -1)
    expect(
      lines.map((line) =>
        line.split('|').slice(10, 14).concat(line.split('|').slice(17, 18), line.split('|').slice(19, 23)),
      ),
    ).toEqual([
      // the matter's rate (350) wins over --rate
      ['0.70', '0', '245', '20240304', '777', '99-1', '350', 'Doe, Jane', 'ASSOC'],
      ['0.20', '0', '70', '20240305', '777', '99-1', '350', 'Doe, Jane', 'ASSOC'],
      ['0.50', '0', '175', '20240331', '777', '99-1', '350', 'Doe, Jane', 'ASSOC'],
    ])
    expect(lines.every((line) => line.endsWith('[]') && line.split('|').length === 24)).toBe(true)
  })

  it('refuses with the list of problems and writes nothing', async () => {
    const handle = openDatabase(db)
    setEntryCodes(handle, 'e2', { task_code: null, activity_code: 'A106', source: 'user' })
    handle.prepare("UPDATE entries SET notes = 'Drafted motion | reviewed exhibits' WHERE id = 'e1'").run()
    handle.prepare("UPDATE entries SET notes = 'Attention to file' WHERE id = 'e5'").run()
    closeDatabase(handle)
    const result = await ledes('--client', 'Smith Holdings LLC', '--tz', 'Asia/Tokyo')
    expect(result.code).toBe(EXIT_FAILURE)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      'error: the LEDES file was not written:\n' +
        '  - INVOICE_NUMBER is empty\n' +
        '  - line 1 (2024-03-04, matter 2024-0117): description contains a pipe, a line break or []\n' +
        '  - line 2 (2024-03-06, matter 2024-0117): the matter requires a UTBMS task code\n' +
        '  - line 1 (2024-03-04, matter 2024-0117): [BLOCK_BILLING] Block billing: one narrative lists several tasks (drafted, reviewed); bill each task as its own entry\n',
    )
    // a guideline alone blocks the file too (the entry on 1 April Tokyo time is 31 March in New York)
    const vague = await ledes('--client', 'Smith Holdings LLC', '--invoice-number', 'INV-8', '--tz', 'America/New_York')
    expect(vague.stderr).toContain(
      'line 3 (2024-03-31, matter 2024-0117): [VAGUE_NARRATIVE] Vague narrative: "Attention to file" does not say what was done, to what, and why\n',
    )
    // a client without a rate anywhere, and an unknown client
    const whitaker = await ledes('--client', 'Whitaker Family Trust', '--invoice-number', 'W-1', '--tz', 'UTC')
    expect(whitaker.stderr).toContain('line 1 (2024-03-05, matter 2023-0988): no rate (matter, client or --rate)')
    expect(
      await ledes('--client', 'Whitaker Family Trust', '--invoice-number', 'W-1', '--tz', 'UTC', '--rate', '300'),
    ).toMatchObject({ stderr: '', code: EXIT_OK })
    expect(await ledes('--client', 'Nobody', '--invoice-number', 'X')).toMatchObject({
      code: EXIT_USAGE,
      stderr: expect.stringContaining("no client 'Nobody'"),
    })
  })
})
