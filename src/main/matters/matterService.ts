// Matter list import (#30), shared by `billops matters import` and (later) Settings → Matters:
// read the export, show the column mapping, then write every usable matter in one transaction.
import { readMatterFile, type HeaderMapping, type MatterFile, type RowProblem } from '../../shared/matters/matterList'
import type { WritableDB } from '../store/database'
import { matterCoverage, type MatterCoverage } from '../../shared/matters/coverage'
import { addDays, dayStartMs } from '../../shared/report/zonedDays'
import { coverageRows, importMatters, listMatters, type MatterImportResult, type StoredMatter } from '../store/matters'

export interface MatterImportReport {
  format: MatterFile['format']
  mapping: HeaderMapping
  /** matters read from the file */
  read: number
  problems: RowProblem[]
  /** absent on a preview (dry run) and when required columns are missing */
  imported?: MatterImportResult
}

export class MatterFileError extends Error {}

export function createMatterService(db: WritableDB, now: () => number) {
  function read(text: string, format: 'csv' | 'json' | 'auto'): MatterFile {
    try {
      return readMatterFile(text, format)
    } catch (error) {
      throw new MatterFileError(
        `cannot read the matter list: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  return {
    /** What an import would do: the mapping and the rows that cannot be matters. Writes nothing. */
    preview(text: string, format: 'csv' | 'json' | 'auto' = 'auto'): MatterImportReport {
      const file = read(text, format)
      return { format: file.format, mapping: file.mapping, read: file.matters.length, problems: file.problems }
    },
    import(text: string, format: 'csv' | 'json' | 'auto' = 'auto'): MatterImportReport {
      const file = read(text, format)
      const report: MatterImportReport = {
        format: file.format,
        mapping: file.mapping,
        read: file.matters.length,
        problems: file.problems,
      }
      if (file.mapping.missing.length > 0) return report
      return { ...report, imported: importMatters(db, file.matters, new Date(now()).toISOString()) }
    },
    list(): StoredMatter[] {
      return listMatters(db)
    },
    /** The share of captured and approved time with a matter, by local day and app (Reports). */
    coverage(from: string, to: string, timeZone: string): MatterCoverage {
      const fromIso = new Date(dayStartMs(from, timeZone)).toISOString()
      const toIso = new Date(dayStartMs(addDays(to, 1), timeZone)).toISOString()
      const entries = coverageRows(db, fromIso, toIso).map((row) => ({
        startMs: Date.parse(row.started_at),
        endMs: Date.parse(row.ended_at),
        approved: row.status === 'approved',
        app: row.app ?? 'unknown',
        has_matter: row.has_matter === 1,
      }))
      return matterCoverage(entries, timeZone)
    },
  }
}
export type MatterService = ReturnType<typeof createMatterService>
