// Export of signals and entries as JSON or CSV, streamed row by row so a year of signals never has
// to sit in memory as one string. Exports are local files the user asked for: titles included.
import { csvRow } from '../../shared/csv'
import { listEntries } from '../store/entries'
import type { ReadableDB } from '../store/database'
import { iterateSignals, localSignalFields } from '../store/signals'

export type ExportFormat = 'json' | 'csv'
export type ExportWhat = 'signals' | 'entries'

const SIGNAL_COLUMNS = ['timestamp', 'app', 'type', 'source_type', 'count', 'title'] as const
const ENTRY_COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'duration_minutes',
  'status',
  'source',
  'activity_type',
  'project_id',
  'client_id',
  'notes',
  'confidence',
  'applications',
  'primary_activity',
  'sync_state',
] as const

/** Writes the export through `write`; returns the number of records. */
export function exportData(
  db: ReadableDB,
  what: ExportWhat,
  format: ExportFormat,
  write: (chunk: string) => void,
  onRecord?: (written: number) => void,
): number {
  const records = what === 'signals' ? signalRecords(db) : entryRecords(db)
  const columns = what === 'signals' ? SIGNAL_COLUMNS : ENTRY_COLUMNS
  let count = 0
  if (format === 'csv') write(csvRow(columns))
  else write('[')
  for (const record of records) {
    if (format === 'csv') write(csvRow(columns.map((c) => csvValue(record[c]))))
    else write(`${count === 0 ? '\n' : ',\n'}  ${JSON.stringify(record)}`)
    count += 1
    onRecord?.(count)
  }
  if (format === 'json') write(count === 0 ? ']\n' : '\n]\n')
  return count
}

const csvValue = (value: unknown) => (Array.isArray(value) ? value.join(';') : value)

function* signalRecords(db: ReadableDB): Generator<Record<string, unknown>> {
  for (const row of iterateSignals(db)) yield localSignalFields(row)
}

function* entryRecords(db: ReadableDB): Generator<Record<string, unknown>> {
  for (const entry of listEntries(db)) {
    yield {
      id: entry.id,
      started_at: entry.started_at,
      ended_at: entry.ended_at,
      duration_minutes: entry.duration_minutes,
      status: entry.status,
      source: entry.source,
      activity_type: entry.activity_type,
      project_id: entry.project_id,
      client_id: entry.client_id,
      notes: entry.notes,
      confidence: entry.context_data.confidence,
      applications: entry.context_data.applications,
      primary_activity: entry.context_data.primary_activity,
      sync_state: entry.sync_state,
      context_data: entry.context_data,
    }
  }
}
