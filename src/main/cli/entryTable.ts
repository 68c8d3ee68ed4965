// `entries` on a terminal: one line per entry for a person reviewing from the shell. Times are in
// the machine's time zone; the id column is the shortest prefix length that `approve --id` and
// `reject --id` accept for every listed entry (at least 8 characters, like git's short hashes).
import type { LocalEntry } from '../../shared/domain'

const MIN_ID = 8

function shortIdLength(ids: readonly string[]): number {
  const sorted = [...ids].sort()
  let length = MIN_ID
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!
    const b = sorted[i]!
    let common = 0
    while (common < a.length && a[common] === b[common]) common++
    length = Math.max(length, common + 1)
  }
  return length
}

const two = (n: number) => String(n).padStart(2, '0')
const day = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`
const clock = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}`

function row(entry: LocalEntry, idLength: number): string[] {
  const start = new Date(entry.started_at)
  const end = new Date(entry.ended_at)
  const what = entry.notes ?? entry.context_data.narrative ?? entry.activity_type
  const billedTo = [entry.client_id, entry.project_id].filter((v) => v !== null).join(' / ') || '-'
  return [
    entry.id.slice(0, idLength),
    day(start),
    `${clock(start)}-${clock(end)}`,
    String(Math.round(entry.duration_minutes)),
    entry.status,
    entry.sync_state,
    billedTo,
    what,
  ]
}

export function entryTable(entries: readonly LocalEntry[]): string {
  if (entries.length === 0) return 'no entries\n'
  const idLength = shortIdLength(entries.map((e) => e.id))
  const rows = [
    ['ID', 'DAY', 'TIME', 'MIN', 'STATUS', 'SYNC', 'CLIENT / PROJECT', 'WHAT'],
    ...entries.map((e) => row(e, idLength)),
  ]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((r) => r[column]!.length)))
  const last = widths.length - 1
  const lines = rows.map((r) =>
    r
      .map((cell, column) =>
        column === last ? cell : column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  '),
  )
  const minutes = entries.reduce((sum, e) => sum + e.duration_minutes, 0)
  return `${lines.join('\n')}\n${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${Math.round(minutes)} min\n`
}
