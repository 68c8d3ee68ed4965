import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../../../test/support/cliRun'
import { closeDatabase, openDatabase } from '../../store/database'
import { createProjectRepository } from '../../store/projects'
import { EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL } from '../command'

const FIXTURES = join(__dirname, '../../../../test/shared/matters')
let dir: string
let db: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-matters-cli-'))
  db = join(dir, 'db.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const cli = async (...args: string[]) => {
  const result = await runCliInProcess(['matters', ...args])
  return { ...result, json: result.stdout ? (JSON.parse(result.stdout) as Record<string, unknown>) : null }
}

describe('billops matters import', () => {
  it('maps a Clio export by its headers, shows the mapping on a dry run and writes nothing', async () => {
    const preview = await cli('import', '--db', db, '--input', join(FIXTURES, 'clio-matters.csv'), '--dry-run')
    expect(preview.code).toBe(EXIT_PARTIAL)
    expect(preview.json).toMatchObject({
      format: 'csv',
      mapping: {
        fields: {
          number: 'Display Number',
          name: 'Description',
          client: 'Client',
          aliases: 'Keywords',
          parties: 'Adverse Party',
          utbms_required: 'UTBMS',
          rate: 'Hourly Rate',
          client_matter_id: 'Client Matter ID',
          client_code: 'Client Number',
        },
        unused: ['Responsible Attorney', 'Practice Area'],
        missing: [],
      },
      read: 4,
      problems: [{ row: 6, reason: expect.stringContaining('number') }],
    })
    expect(preview.json).not.toHaveProperty('imported')
    expect((await cli('list', '--db', db)).json).toEqual([])
  })

  it('imports matters as projects with their clients, matches existing ones, and updates on re-import without doubling', async () => {
    const seeded = openDatabase(db)
    const projects = createProjectRepository(seeded)
    projects.saveClient({ id: 'acme', name: 'ACME CORP' })
    projects.saveProject({ id: 'falcon', name: 'Acme / Globex merger', client_id: null })
    closeDatabase(seeded)

    const first = await cli('import', '--db', db, '--input', join(FIXTURES, 'clio-matters.csv'))
    expect(first.code).toBe(EXIT_PARTIAL)
    expect(first.json?.imported).toEqual({
      created: 4,
      updated: 0,
      unchanged: 0,
      projects_matched: 1,
      clients_created: 3,
    })
    const listed = (await cli('list', '--db', db)).json as unknown as Array<Record<string, unknown>>
    expect(listed.map((m) => [m.number, m.project_id, m.client_id, m.client])).toEqual([
      ['2023-0988', '2023-0988-estate-of-whitaker', 'whitaker-family-trust', 'Whitaker Family Trust'],
      ['2024-0117', '2024-0117-smith-v-jones', 'smith-holdings-llc', 'Smith Holdings LLC'],
      [
        '2024-0150',
        '2024-0150-delta-logistics-inc-v-harbor-freight-lines',
        'delta-logistics-inc',
        'Delta Logistics, Inc.',
      ],
      ['2024-0201', 'falcon', 'acme', 'ACME CORP'],
    ])
    expect(listed[1]).toMatchObject({
      aliases: ['MSJ', 'Smith litigation'],
      parties: ['Jones Manufacturing Inc.'],
      utbms_required: true,
      rate: 350,
      client_matter_id: 'SH-77',
      client_code: '00711',
    })

    // same file again: nothing changes, nothing doubles
    const again = await cli('import', '--db', db, '--input', join(FIXTURES, 'clio-matters.csv'))
    expect(again.json?.imported).toEqual({
      created: 0,
      updated: 0,
      unchanged: 4,
      projects_matched: 0,
      clients_created: 0,
    })

    // a JSON export from another system updates 2024-0117 and adds 2024-0300; the bad row is listed
    const json = join(dir, 'pp.json')
    copyFileSync(join(FIXTURES, 'practicepanther-matters.json'), json)
    const update = await cli('import', '--db', db, '--input', json)
    expect(update.code).toBe(EXIT_PARTIAL)
    expect(update.json).toMatchObject({
      format: 'json',
      imported: { created: 1, updated: 1, unchanged: 0 },
      problems: [{ row: 3, reason: '"maybe" is not yes or no' }],
    })
    const after = (await cli('list', '--db', db)).json as unknown as Array<Record<string, unknown>>
    expect(after).toHaveLength(5)
    expect(after.find((m) => m.number === '2024-0117')).toMatchObject({
      name: 'Smith v. Jones',
      rate: 375,
      project_id: '2024-0117-smith-v-jones',
      aliases: ['MSJ'],
    })
    const check = openDatabase(db)
    expect(
      createProjectRepository(check)
        .list()
        .projects.filter((p) => p.id.startsWith('2024-0117')),
    ).toHaveLength(1)
    closeDatabase(check)
  })

  it('refuses a file without a matter number column, naming what it found', async () => {
    const file = join(dir, 'm.csv')
    writeFileSync(file, 'Name,Owner\nSmith v Jones,Robert\n')
    const result = await cli('import', '--db', db, '--input', file)
    expect(result.code).toBe(EXIT_FAILURE)
    // (runCli also says the database was created)
    expect(result.stderr).toContain('error: no column for number, client (headers: Name, Owner)\n')
    expect((await cli('import', '--db', db, '--input', join(dir, 'absent.csv'))).stderr).toMatch(
      /^error: .*absent\.csv/,
    )
    writeFileSync(file, '{"matters": 3}')
    expect((await cli('import', '--db', db, '--input', file, '--format', 'json')).stderr).toMatch(
      /^error: cannot read the matter list: a JSON matter list is an array/,
    )
    expect((await cli('list', '--db', db)).code).toBe(EXIT_OK)
  })
})
