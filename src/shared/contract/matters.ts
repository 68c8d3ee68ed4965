// Matters (#30): Settings → Matters (preview the column mapping, import, list) and the UTBMS codes
// of entries (the edit dialog and bulk actions set them; the review queue shows them).
import { z } from 'zod'
import { MatterRecord } from '../matters/matterList'
import { defineMethods, NoInput } from './define'

const FIELDS = [
  'number',
  'name',
  'client',
  'client_matter_id',
  'client_code',
  'aliases',
  'parties',
  'domains',
  'utbms_required',
  'rate',
] as const

export const MatterFileInput = z.object({
  /** the export's text (the renderer reads the file the user picked) */
  text: z.string().max(32 * 1024 * 1024),
  format: z.enum(['csv', 'json', 'auto']).default('auto'),
})

export const MatterImportReport = z.object({
  format: z.enum(['csv', 'json']),
  mapping: z.object({
    fields: z.partialRecord(z.enum(FIELDS), z.string()),
    unused: z.array(z.string()),
    missing: z.array(z.enum(FIELDS)),
  }),
  read: z.number().int().min(0),
  problems: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  imported: z
    .object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      projects_matched: z.number().int(),
      clients_created: z.number().int(),
    })
    .optional(),
})
export type MatterImportReport = z.infer<typeof MatterImportReport>

export const StoredMatter = MatterRecord.extend({ client_id: z.string().nullable(), project_id: z.string().nullable() })

export const TaskCode = z.string().regex(/^L[1-5]\d0$/u, 'a UTBMS litigation task code (L100–L530)')
export const ActivityCode = z.string().regex(/^A1(?:0[1-9]|1[01])$/u, 'a UTBMS activity code (A101–A111)')

export const SetCodesRequest = z.object({
  ids: z.array(z.string().min(1)).min(1).max(10_000),
  /** omitted: unchanged; null: cleared */
  task_code: TaskCode.nullable().optional(),
  activity_code: ActivityCode.nullable().optional(),
})

export const EntryCodesView = z.object({
  entry_id: z.string(),
  task_code: z.string().nullable(),
  activity_code: z.string().nullable(),
  /** where the activity code comes from: the user's choice, or the suggestion with its reason */
  activity_source: z.enum(['user', 'suggested', 'none']),
  activity_reason: z.string().nullable(),
  /** the entry's matter requires UTBMS codes and the task code is missing */
  task_code_missing: z.boolean(),
})
export type EntryCodesView = z.infer<typeof EntryCodesView>

const CoverageRow = z.object({
  key: z.string(),
  captured_minutes: z.number(),
  captured_with_matter_minutes: z.number(),
  approved_minutes: z.number(),
  approved_with_matter_minutes: z.number(),
})

export const matterMethods = defineMethods({
  'matters.list': { input: NoInput, output: z.array(StoredMatter), summary: 'The imported matter list' },
  'matters.preview': {
    input: MatterFileInput,
    output: MatterImportReport,
    summary: 'The column mapping and row problems of a matter export, nothing written',
  },
  'matters.import': {
    input: MatterFileInput,
    output: MatterImportReport,
    summary: 'Import (or update) matters as projects with their clients',
  },
  'matters.coverage': {
    input: z.object({
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
      time_zone: z.string().min(1).max(64),
    }),
    output: z.object({ days: z.array(CoverageRow), apps: z.array(CoverageRow), total: CoverageRow }),
    summary: 'The share of captured and of approved time that has a matter, by day and by app',
  },
  'codes.get': {
    input: z.object({ ids: z.array(z.string().min(1)).max(10_000) }),
    output: z.array(EntryCodesView),
    summary: 'UTBMS codes of entries (chosen or suggested)',
  },
  'guidelines.check': {
    input: z.object({ ids: z.array(z.string().min(1)).max(10_000), time_zone: z.string().min(1).max(64) }),
    output: z.array(
      z.object({ entry_id: z.string(), violations: z.array(z.object({ code: z.string(), message: z.string() })) }),
    ),
    summary:
      "The client's billing-guideline rules each entry breaks, with reason codes (the queue and bulk approve list them first)",
  },
  'codes.set': {
    input: SetCodesRequest,
    output: z.array(EntryCodesView),
    summary: 'Set UTBMS codes on entries (one or many); remembered for suggestions',
  },
})
