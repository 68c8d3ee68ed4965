// The matter list (#30): imported matters, each the project (with its client) that entries carry.
// A re-import updates matters by number and never doubles them; projects and clients that already
// exist under the same name are taken over rather than created again.
import { matterKey, type MatterRecord } from '../../shared/matters/matterList'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'
import { createProjectRepository } from './projects'

export interface StoredMatter extends MatterRecord {
  client_id: string | null
  project_id: string | null
}

interface MatterRow {
  matter_key: string
  number: string
  name: string
  client_id: string | null
  project_id: string | null
  client_matter_id: string | null
  client_code: string | null
  aliases: string
  parties: string
  domains: string
  utbms_required: number
  rate: number | null
  client_name: string | null
}

export interface MatterImportResult {
  created: number
  updated: number
  unchanged: number
  /** projects that existed before and now stand for a matter */
  projects_matched: number
  clients_created: number
}

const SELECT = `SELECT m.*, c.name AS client_name FROM matters m LEFT JOIN clients c ON c.id = m.client_id`

function toStored(row: MatterRow): StoredMatter {
  return {
    number: row.number,
    name: row.name,
    client: row.client_name ?? '',
    client_id: row.client_id,
    project_id: row.project_id,
    client_matter_id: row.client_matter_id,
    client_code: row.client_code,
    aliases: JSON.parse(row.aliases) as string[],
    parties: JSON.parse(row.parties) as string[],
    domains: JSON.parse(row.domains) as string[],
    utbms_required: row.utbms_required === 1,
    rate: row.rate,
  }
}

export function listMatters(db: ReadableDB): StoredMatter[] {
  return prepared<[], MatterRow>(db, `${SELECT} ORDER BY m.number`).all().map(toStored)
}

/** Changes whenever an import writes: readers keep their copy of the list until it does. */
export function mattersStamp(db: ReadableDB): string {
  const row = prepared<[], { n: number; latest: string | null }>(
    db,
    'SELECT count(*) AS n, max(imported_at) AS latest FROM matters',
  ).get()
  return `${row?.n ?? 0}|${row?.latest ?? ''}`
}

export function matterOfProject(db: ReadableDB, projectId: string): StoredMatter | null {
  const row = prepared<[string], MatterRow>(db, `${SELECT} WHERE m.project_id = ?`).get(projectId)
  return row ? toStored(row) : null
}

/** The project name a new matter gets: number first, as timekeepers say it. */
export const matterProjectName = (matter: Pick<MatterRecord, 'number' | 'name'>) => `${matter.number} ${matter.name}`

/** Adds or updates every matter in one transaction. */
export function importMatters(db: WritableDB, matters: readonly MatterRecord[], nowIso: string): MatterImportResult {
  const projects = createProjectRepository(db)
  const result: MatterImportResult = { created: 0, updated: 0, unchanged: 0, projects_matched: 0, clients_created: 0 }
  const clientByName = prepared<[string], { id: string }>(
    db,
    'SELECT id FROM clients WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1',
  )
  const projectByName = prepared<[string, string, string, string], { id: string }>(
    db,
    `SELECT p.id FROM projects p WHERE (p.name = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE)
       AND NOT EXISTS (SELECT 1 FROM matters m WHERE m.project_id = p.id) ORDER BY p.id LIMIT 1`,
  )
  const existing = prepared<[string], MatterRow>(db, `${SELECT} WHERE m.matter_key = ?`)
  const projectStillThere = prepared<[string], { id: string }>(db, 'SELECT id FROM projects WHERE id = ?')
  const upsert = prepared(
    db,
    `INSERT INTO matters (matter_key, number, name, client_id, project_id, client_matter_id, client_code, aliases, parties, domains, utbms_required, rate, imported_at)
     VALUES (@matter_key, @number, @name, @client_id, @project_id, @client_matter_id, @client_code, @aliases, @parties, @domains, @utbms_required, @rate, @imported_at)
     ON CONFLICT (matter_key) DO UPDATE SET number = excluded.number, name = excluded.name, client_id = excluded.client_id,
       project_id = excluded.project_id, client_matter_id = excluded.client_matter_id, client_code = excluded.client_code,
       aliases = excluded.aliases, parties = excluded.parties, domains = excluded.domains,
       utbms_required = excluded.utbms_required, rate = excluded.rate, imported_at = excluded.imported_at`,
  )
  db.transaction(() => {
    for (const matter of matters) {
      let clientId = clientByName.get(matter.client)?.id
      if (clientId === undefined) {
        clientId = projects.saveClient({ name: matter.client }).id
        result.clients_created++
      }
      const before = existing.get(matterKey(matter.number))
      let projectId = before?.project_id != null && projectStillThere.get(before.project_id) ? before.project_id : null
      if (projectId === null) {
        const named = matterProjectName(matter)
        projectId =
          projectByName.get(named, `${matter.number} - ${matter.name}`, matter.name, matter.number)?.id ?? null
        if (projectId !== null) result.projects_matched++
        else projectId = projects.saveProject({ name: named, client_id: clientId }).id
      }
      // the matter's client is the project's client (a matched project moves to it)
      prepared(db, 'UPDATE projects SET client_id = ? WHERE id = ? AND client_id IS NOT ?').run(
        clientId,
        projectId,
        clientId,
      )
      const row = {
        matter_key: matterKey(matter.number),
        number: matter.number,
        name: matter.name,
        client_id: clientId,
        project_id: projectId,
        client_matter_id: matter.client_matter_id,
        client_code: matter.client_code,
        aliases: JSON.stringify(matter.aliases),
        parties: JSON.stringify(matter.parties),
        domains: JSON.stringify(matter.domains),
        utbms_required: matter.utbms_required ? 1 : 0,
        rate: matter.rate,
      }
      if (!before) result.created++
      else if (Object.entries(row).every(([key, value]) => before[key as keyof MatterRow] === value)) result.unchanged++
      else result.updated++
      upsert.run({ ...row, imported_at: nowIso })
    }
  })()
  return result
}

/** An approved entry with what a LEDES line needs: its matter (by project) and its UTBMS codes. */
export interface BillableEntry {
  id: string
  started_at: string
  duration_minutes: number
  notes: string | null
  /** the narrative draft (context_data), for entries not yet given notes */
  narrative: string | null
  status: string
  activity_type: string
  client_id: string | null
  matter_number: string | null
  client_matter_id: string | null
  client_code: string | null
  utbms_required: number | null
  matter_rate: number | null
  task_code: string | null
  activity_code: string | null
}

/** Entries with their matter (by project), the matter's client first, and their UTBMS codes. */
const ENTRIES_WITH_MATTERS = `
  SELECT e.id, e.started_at, e.duration_minutes, e.notes, e.activity_type, e.status,
         json_extract(e.context_data, '$.narrative') AS narrative,
         COALESCE(m.client_id, p.client_id, e.client_id) AS client_id,
         m.number AS matter_number, m.client_matter_id, m.client_code, m.utbms_required, m.rate AS matter_rate,
         c.task_code, COALESCE(c.activity_code, json_extract(e.context_data, '$.utbms.activity_code')) AS activity_code
    FROM entries e
    LEFT JOIN projects p ON p.id = e.project_id
    LEFT JOIN matters m ON m.project_id = e.project_id
    LEFT JOIN entry_codes c ON c.entry_id = e.id`

/**
 * Approved entries of one client that start in [fromIso, toIso), oldest first. The matter's client
 * wins; the activity code is the user's, else the suggestion the user approved with the entry.
 */
export function listBillableEntries(db: ReadableDB, clientId: string, fromIso: string, toIso: string): BillableEntry[] {
  return prepared<[string, string, string], BillableEntry>(
    db,
    `${ENTRIES_WITH_MATTERS}
      WHERE e.status = 'approved' AND e.started_at >= ? AND e.started_at < ?
        AND COALESCE(m.client_id, p.client_id, e.client_id) = ?
      ORDER BY e.started_at, e.id`,
  ).all(fromIso, toIso, clientId)
}

/** Pending and approved entries starting in [fromIso, toIso): what billing guidelines are checked over. */
export function listEntriesWithMatters(db: ReadableDB, fromIso: string, toIso: string): BillableEntry[] {
  return prepared<[string, string], BillableEntry>(
    db,
    `${ENTRIES_WITH_MATTERS} WHERE e.status != 'rejected' AND e.started_at >= ? AND e.started_at < ? ORDER BY e.started_at, e.id`,
  ).all(fromIso, toIso)
}

/** The earliest and latest start among some entries (null: none of them exists). */
export function entryStartRange(db: ReadableDB, ids: readonly string[]): { from: string; to: string } | null {
  const statement = prepared<[string], { started_at: string }>(db, 'SELECT started_at FROM entries WHERE id = ?')
  const starts = ids.flatMap((id) => statement.all(id).map((row) => row.started_at)).sort()
  return starts.length === 0 ? null : { from: starts[0] as string, to: starts.at(-1) as string }
}

/** A client by id, or by name without regard to case. */
export function findClient(db: ReadableDB, idOrName: string): { id: string; name: string } | null {
  return (
    prepared<[{ key: string }], { id: string; name: string }>(
      db,
      'SELECT id, name FROM clients WHERE id = @key OR name = @key COLLATE NOCASE ORDER BY (id = @key) DESC, id LIMIT 1',
    ).get({ key: idOrName }) ?? null
  )
}

export interface EntryCodes {
  task_code: string | null
  activity_code: string | null
  source: 'suggested' | 'user'
}

/** The user's codes on entries: only the fields given change (undefined: kept, null: cleared). */
export function setEntryCodes(
  db: WritableDB,
  entryId: string,
  codes: { task_code?: string | null; activity_code?: string | null; source: 'suggested' | 'user' },
): void {
  const before = entryCodes(db, entryId)
  prepared(
    db,
    `INSERT INTO entry_codes (entry_id, task_code, activity_code, source) VALUES (@entry_id, @task_code, @activity_code, @source)
     ON CONFLICT (entry_id) DO UPDATE SET task_code = excluded.task_code, activity_code = excluded.activity_code, source = excluded.source`,
  ).run({
    entry_id: entryId,
    task_code: codes.task_code === undefined ? (before?.task_code ?? null) : codes.task_code,
    activity_code: codes.activity_code === undefined ? (before?.activity_code ?? null) : codes.activity_code,
    source: codes.source,
  })
}

/** A code the user set is an edit: the heuristics never rewrite the entry (and its codes) again. */
export function markEntryTouched(db: WritableDB, entryId: string, nowIso: string): void {
  prepared(db, 'UPDATE entries SET user_touched = 1, updated_at = ? WHERE id = ? AND user_touched = 0').run(
    nowIso,
    entryId,
  )
}

export function entryCodes(db: ReadableDB, entryId: string): EntryCodes | null {
  return (
    prepared<[string], EntryCodes>(
      db,
      'SELECT task_code, activity_code, source FROM entry_codes WHERE entry_id = ?',
    ).get(entryId) ?? null
  )
}

export interface EntryCodeRow {
  id: string
  context_data: string
  task_code: string | null
  activity_code: string | null
  utbms_required: number | null
  /** the matter's client first, as in ENTRIES_WITH_MATTERS */
  client_id: string | null
}

/** Entries with their codes, whether their matter requires codes, and their client (unknown ids are left out). */
export function entryCodeRows(db: ReadableDB, ids: readonly string[]): EntryCodeRow[] {
  const statement = prepared<[string], EntryCodeRow>(
    db,
    `SELECT e.id, e.context_data, c.task_code, c.activity_code, m.utbms_required, COALESCE(m.client_id, p.client_id, e.client_id) AS client_id
       FROM entries e LEFT JOIN entry_codes c ON c.entry_id = e.id LEFT JOIN matters m ON m.project_id = e.project_id
       LEFT JOIN projects p ON p.id = e.project_id
      WHERE e.id = ?`,
  )
  return ids.flatMap((id) => statement.all(id))
}

/** Activity codes the user chose, by (first app, activity type): the engine suggests them next time. */
export function learnedActivityCodes(
  db: ReadableDB,
): Array<{ app: string; activity_type: string; activity_code: string; corrections: number }> {
  return prepared<[], { app: string; activity_type: string; activity_code: string; corrections: number }>(
    db,
    `SELECT json_extract(e.context_data, '$.applications[0]') AS app, e.activity_type, c.activity_code, count(*) AS corrections
       FROM entry_codes c JOIN entries e ON e.id = c.entry_id
      WHERE c.source = 'user' AND c.activity_code IS NOT NULL AND json_extract(e.context_data, '$.applications[0]') IS NOT NULL
      GROUP BY 1, 2, 3`,
  ).all()
}

/** Every entry (any status) starting in [fromIso, toIso) with its first app and whether it has a matter: coverage. */
export function coverageRows(
  db: ReadableDB,
  fromIso: string,
  toIso: string,
): Array<{ started_at: string; ended_at: string; status: string; app: string | null; has_matter: number }> {
  return prepared<
    [string, string],
    { started_at: string; ended_at: string; status: string; app: string | null; has_matter: number }
  >(
    db,
    `SELECT e.started_at, e.ended_at, e.status, json_extract(e.context_data, '$.applications[0]') AS app, (m.number IS NOT NULL) AS has_matter
       FROM entries e LEFT JOIN matters m ON m.project_id = e.project_id
      WHERE e.started_at >= ? AND e.started_at < ? ORDER BY e.started_at`,
  ).all(fromIso, toIso)
}
