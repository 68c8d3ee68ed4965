// report.ledes (#30) through the contract: the Reports view's LEDES 1998B export.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { entryFixture } from '../../../test/shared/entryFixture'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { insertEntries } from '../store/entries'
import { setEntryCodes } from '../store/matters'

const CLIO = readFileSync(join(__dirname, '../../../test/shared/matters/clio-matters.csv'), 'utf8')
const MARCH = { from: '2024-03-01', to: '2024-03-31', time_zone: 'Asia/Tokyo' }

let dir: string
let core: Core
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billops-ledes-api-'))
  core = createCore({ dbPath: join(dir, 'db.sqlite'), logger: silentLogger })
  expect((await core.dispatch('matters.import', { text: CLIO })).ok).toBe(true)
  const approved = { status: 'approved' as const, user_touched: true }
  insertEntries(core.db, [
    // 2024-0117 requires UTBMS codes and bills $350/h: 40 min → 0.70 h at 6-minute increments
    entryFixture('e1', '2024-03-04T14:00:00Z', 40, {
      ...approved,
      project_id: '2024-0117-smith-v-jones',
      notes: 'Drafted motion for summary judgment',
    }),
    entryFixture('e2', '2024-03-05T15:00:00Z', 7, {
      ...approved,
      project_id: '2024-0117-smith-v-jones',
      notes: 'Call with client re deposition dates',
    }),
    // 2023-0988 does not require UTBMS codes in the matter list
    entryFixture('e4', '2024-03-05T17:00:00Z', 60, {
      ...approved,
      project_id: '2023-0988-estate-of-whitaker',
      notes: 'Revised trust amendment',
    }),
  ])
  setEntryCodes(core.db, 'e1', { task_code: 'L240', activity_code: 'A103', source: 'user' })
  core.settings.update({
    billing_increment_minutes: 6,
    timekeeper_id: '22547',
    timekeeper_name: 'Arnsley, Robert',
    timekeeper_classification: 'PARTNR',
    law_firm_id: '24-6437381',
  })
})
afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('report.ledes', () => {
  it('lists every problem and gives no file while one remains', async () => {
    const reply = await core.dispatch('report.ledes', { ...MARCH, client: 'Smith Holdings LLC' })
    expect(reply).toEqual({
      ok: true,
      value: {
        ok: false,
        problems: [
          'INVOICE_NUMBER is empty',
          'line 2 (2024-03-06, matter 2024-0117): the matter requires a UTBMS task code',
          'line 2 (2024-03-06, matter 2024-0117): the matter requires a UTBMS activity code',
        ],
      },
    })
  })

  it('gives the file with a name that says client and period once the codes are set', async () => {
    setEntryCodes(core.db, 'e2', { task_code: 'L330', activity_code: 'A106', source: 'user' })
    const reply = await core.dispatch('report.ledes', {
      ...MARCH,
      client: 'Smith Holdings LLC',
      invoice_number: 'INV-2024-03',
    })
    if (!reply.ok) throw new Error(JSON.stringify(reply.error))
    const file = reply.value as {
      ok: true
      file_name: string
      mime_type: string
      text: string
      lines: number
      total: number
    }
    expect(file).toMatchObject({
      ok: true,
      file_name: 'ledes1998b-Smith-Holdings-LLC-2024-03-01-2024-03-31.txt',
      mime_type: 'text/plain',
      lines: 2,
      total: 315,
    })
    const lines = file.text.split('\r\n')
    expect(lines[0]).toBe('LEDES1998B[]')
    expect(lines[2]).toMatch(
      /^\d{8}\|INV-2024-03\|00711\|2024-0117\|315\|20240301\|20240331\|For services rendered\|1\|F\|0\.70\|0\|245\|20240304\|L240\|\|A103\|22547\|Drafted motion for summary judgment\|24-6437381\|350\|Arnsley, Robert\|PARTNR\|SH-77\[\]$/u,
    )
  })

  it('refuses an unknown client and a malformed request', async () => {
    expect(await core.dispatch('report.ledes', { ...MARCH, client: 'Nobody', invoice_number: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: "no client 'Nobody'" },
    })
    expect(
      (await core.dispatch('report.ledes', { ...MARCH, client: 'Smith Holdings LLC', invoice_number: 'X'.repeat(21) }))
        .ok,
    ).toBe(false)
    expect((await core.dispatch('report.ledes', { ...MARCH, client: '' })).ok).toBe(false)
  })
})

describe('UTBMS codes required per client (Settings.client_utbms_required)', () => {
  const whitaker = { ...MARCH, client: 'Whitaker Family Trust', invoice_number: 'W-1' }

  it('asks for codes on every entry of a client that requires them, though its matter does not', async () => {
    core.settings.update({ timekeeper_rate: 300 })
    // not required yet: the file is written
    expect(await core.dispatch('report.ledes', whitaker)).toMatchObject({ ok: true, value: { ok: true, lines: 1 } })
    expect(await core.dispatch('codes.get', { ids: ['e4'] })).toMatchObject({
      ok: true,
      value: [{ task_code_missing: false }],
    })
    expect(await core.dispatch('guidelines.check', { ids: ['e4'], time_zone: 'Asia/Tokyo' })).toEqual({
      ok: true,
      value: [{ entry_id: 'e4', violations: [] }],
    })

    const matters = (await core.dispatch('matters.list', null)) as {
      ok: true
      value: Array<{ number: string; client_id: string }>
    }
    const whitakerId = matters.value.find((m) => m.number === '2023-0988')!.client_id
    core.settings.update({ client_utbms_required: { [whitakerId]: true } })
    expect(await core.dispatch('report.ledes', whitaker)).toEqual({
      ok: true,
      value: {
        ok: false,
        problems: [
          'line 1 (2024-03-06, matter 2023-0988): the client requires a UTBMS task code',
          'line 1 (2024-03-06, matter 2023-0988): the client requires a UTBMS activity code',
        ],
      },
    })
    expect(await core.dispatch('codes.get', { ids: ['e4'] })).toMatchObject({
      ok: true,
      value: [{ task_code_missing: true }],
    })
    expect(await core.dispatch('guidelines.check', { ids: ['e4'], time_zone: 'Asia/Tokyo' })).toEqual({
      ok: true,
      value: [
        {
          entry_id: 'e4',
          violations: [
            {
              code: 'MISSING_CODES',
              message: "UTBMS codes required by the client's settings: no task code and no activity code",
            },
          ],
        },
      ],
    })
    // another client's setting changes nothing for Smith's matter, which requires codes itself
    expect(await core.dispatch('codes.get', { ids: ['e2'] })).toMatchObject({
      ok: true,
      value: [{ task_code_missing: true }],
    })
    setEntryCodes(core.db, 'e4', { task_code: 'L110', activity_code: 'A103', source: 'user' })
    expect(await core.dispatch('report.ledes', whitaker)).toMatchObject({ ok: true, value: { ok: true, lines: 1 } })
  })

  it('refuses a setting that is not a map of client ids to yes/no', async () => {
    expect((await core.dispatch('settings.update', { client_utbms_required: { whitaker: 'yes' } })).ok).toBe(false)
    expect(core.settings.get().client_utbms_required).toEqual({})
  })
})
