// A firm's matter list as practice-management systems export it (Clio, PracticePanther, MyCase,
// Aderant/Elite, LEDES-minded spreadsheets): columns are recognised by their header, the mapping
// is shown before anything is written, and every row that cannot be a matter is listed, not lost.
import { z } from 'zod'
import { readCsv } from '../csvRead'

export const MatterRecord = z.object({
  /** the firm's matter number, as the firm writes it ("2024-0117", "10045.002") */
  number: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(300),
  client: z.string().trim().min(1).max(200),
  /** the client's own id for the matter (LEDES CLIENT_MATTER_ID) */
  client_matter_id: z.string().trim().max(64).nullable().default(null),
  /** the firm's client number (LEDES CLIENT_ID) */
  client_code: z.string().trim().max(64).nullable().default(null),
  /** other names people use for the matter: short names, code names, keywords */
  aliases: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  /** party names ("Acme Corp", "Globex") */
  parties: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  /** e-mail domains of the client and its counsel (calendar attendees, e-mail) */
  domains: z.array(z.string().trim().toLowerCase().min(3).max(253)).max(20).default([]),
  utbms_required: z.boolean().default(false),
  /** hourly rate for this matter (LEDES LINE_ITEM_UNIT_COST), before the client's and the timekeeper's */
  rate: z.number().min(0).max(100_000).nullable().default(null),
})
export type MatterRecord = z.infer<typeof MatterRecord>

export type MatterField =
  | 'number'
  | 'name'
  | 'client'
  | 'client_matter_id'
  | 'client_code'
  | 'aliases'
  | 'parties'
  | 'domains'
  | 'utbms_required'
  | 'rate'

/** Header names per field, compared without case, spaces, dots, underscores, dashes or slashes. */
const HEADER_NAMES: Readonly<Record<MatterField, readonly string[]>> = {
  number: [
    'matternumber',
    'matterno',
    'matter#',
    'matterid',
    'mattercode',
    'displaynumber',
    'filenumber',
    'fileno',
    'casenumber',
    'caseno',
    'lawfirmmatterid',
    'number',
    'matter',
  ],
  name: ['mattername', 'matterdescription', 'description', 'casename', 'casemattername', 'title', 'name', 'matterdesc'],
  client: ['client', 'clientname', 'contact', 'account', 'accountname', 'customer', 'contactname', 'billingcontact'],
  client_matter_id: ['clientmatterid', 'clientmatternumber', 'clientreference', 'clientref', 'ponumber'],
  client_code: ['clientid', 'clientnumber', 'clientno', 'clientcode'],
  aliases: ['aliases', 'alias', 'keywords', 'keyword', 'shortname', 'nickname', 'tags', 'codename'],
  parties: [
    'parties',
    'party',
    'partynames',
    'adverseparty',
    'adverseparties',
    'opposingparty',
    'opposingparties',
    'relatedparties',
    'partiesinvolved',
  ],
  domains: ['domains', 'domain', 'emaildomains', 'clientdomains', 'clientdomain'],
  utbms_required: ['utbmsrequired', 'utbms', 'requiresutbms', 'taskbasedbilling', 'ledes', 'ledesrequired'],
  rate: ['rate', 'hourlyrate', 'matterrate', 'billingrate'],
}

const squash = (header: string) => header.toLowerCase().replace(/[\s._\-/()]+/gu, '')

export interface HeaderMapping {
  /** field → the header it is read from */
  fields: Partial<Record<MatterField, string>>
  /** headers no field uses (shown, never guessed) */
  unused: string[]
  /** required fields (number, name, client) with no column */
  missing: MatterField[]
}

/** Which column feeds which field: exact known names first, so "Matter Number" beats "Matter". */
export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const fields: Partial<Record<MatterField, string>> = {}
  const used = new Set<number>()
  const squashed = headers.map(squash)
  // by preference rank across all fields: rank 0 names of every field, then rank 1, …
  const longest = Math.max(...Object.values(HEADER_NAMES).map((names) => names.length))
  for (let rank = 0; rank < longest; rank++) {
    for (const field of Object.keys(HEADER_NAMES) as MatterField[]) {
      if (fields[field] !== undefined) continue
      const wanted = HEADER_NAMES[field][rank]
      if (wanted === undefined) continue
      const column = squashed.findIndex((header, index) => header === wanted && !used.has(index))
      if (column < 0) continue
      fields[field] = headers[column] as string
      used.add(column)
    }
  }
  const missing = (['number', 'name', 'client'] as const).filter((field) => fields[field] === undefined)
  return { fields, unused: headers.filter((_, index) => !used.has(index)), missing }
}

export interface RowProblem {
  /** 1-based row of the file (the header is row 1) or index+1 of a JSON array */
  row: number
  reason: string
}

export interface MatterFile {
  format: 'csv' | 'json'
  mapping: HeaderMapping
  matters: MatterRecord[]
  problems: RowProblem[]
}

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 'x', 'required', 'ja', 'oui'])
const FALSE_WORDS = new Set(['', 'n', 'no', 'false', '0', 'not required'])

const listCell = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : String(value ?? '')
        .split(/[;|\n]/u)
        .map((part) => part.trim())
        .filter(Boolean)

function flagCell(value: unknown): boolean | string {
  if (typeof value === 'boolean') return value
  const word = String(value ?? '')
    .trim()
    .toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  if (FALSE_WORDS.has(word)) return false
  return `"${String(value)}" is not yes or no`
}

function rateCell(value: unknown): number | null | string {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number') return value
  const text = String(value).replace(/[$€£,\s]/gu, '')
  const rate = Number(text)
  return text !== '' && Number.isFinite(rate) ? rate : `rate "${String(value)}" is not a number`
}

/** One source row (cells by header) → a matter or the reason it is not one. */
function toMatter(cells: Readonly<Record<string, unknown>>, mapping: HeaderMapping): MatterRecord | string {
  const cell = (field: MatterField) => {
    const header = mapping.fields[field]
    return header === undefined ? undefined : cells[header]
  }
  const text = (field: MatterField) => {
    const value = cell(field)
    return value === undefined || value === null ? '' : String(value).trim()
  }
  const flag = flagCell(cell('utbms_required'))
  if (typeof flag === 'string') return flag
  const rate = rateCell(cell('rate'))
  if (typeof rate === 'string') return rate
  const parsed = MatterRecord.safeParse({
    number: text('number'),
    name: text('name'),
    client: text('client'),
    client_matter_id: text('client_matter_id') || null,
    client_code: text('client_code') || null,
    aliases: listCell(cell('aliases')),
    parties: listCell(cell('parties')),
    domains: listCell(cell('domains')).map((domain) => domain.replace(/^.*@/u, '')),
    utbms_required: flag,
    rate,
  })
  if (parsed.success) return parsed.data
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ')
}

/** Reads a CSV or JSON (an array of objects, or `{matters: [...]}`) matter export. */
export function readMatterFile(text: string, format: 'csv' | 'json' | 'auto' = 'auto'): MatterFile {
  const kind = format === 'auto' ? (/^\s*[[{]/u.test(text.replace(/^\uFEFF/u, '')) ? 'json' : 'csv') : format
  let records: Array<Record<string, unknown>>
  let firstRow: number
  const problems: RowProblem[] = []
  if (kind === 'json') {
    const document: unknown = JSON.parse(text.replace(/^\uFEFF/u, ''))
    const list = Array.isArray(document) ? document : (document as { matters?: unknown } | null)?.matters
    if (!Array.isArray(list)) throw new Error('a JSON matter list is an array of objects or {"matters": [...]}')
    records = list.map((item) =>
      item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {},
    )
    firstRow = 1
  } else {
    const table = readCsv(text)
    const [header = [], ...rows] = table.rows
    records = rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])))
    firstRow = 2
    if (table.unterminatedQuote) problems.push({ row: table.rows.length, reason: 'the file ends inside a quoted cell' })
  }
  const headers = [...new Set(records.flatMap((record) => Object.keys(record)))]
  const mapping = mapHeaders(kind === 'csv' ? (readCsv(text).rows[0] ?? []) : headers)
  const matters: MatterRecord[] = []
  const seen = new Map<string, number>()
  if (mapping.missing.length > 0) return { format: kind, mapping, matters, problems }
  records.forEach((record, index) => {
    const row = index + firstRow
    const matter = toMatter(record, mapping)
    if (typeof matter === 'string') return void problems.push({ row, reason: matter })
    const key = matterKey(matter.number)
    const earlier = seen.get(key)
    if (earlier !== undefined)
      return void problems.push({ row, reason: `matter ${matter.number} repeats row ${earlier}; the first is kept` })
    seen.set(key, row)
    matters.push(matter)
  })
  return { format: kind, mapping, matters, problems }
}

/** The identity of a matter number: re-imports match on it ("2024-0117" = " 2024-0117 "). */
export const matterKey = (number: string): string => number.trim().toLowerCase()
