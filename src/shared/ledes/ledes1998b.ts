// LEDES 1998B (#30): the pipe-delimited e-billing file corporate clients ask for. Exactly the 24
// fields of the LEDES Oversight Committee's specification in their order, the `LEDES1998B[]`
// line, the header line, every line ending in `[]`, dates as YYYYMMDD. Nothing is written until
// the validator finds no problem; it lists them all.
import type { CodesRequiredBy } from '../matters/guidelines'

export const LEDES_1998B_FIELDS = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LINE_ITEM_TASK_CODE',
  'LINE_ITEM_EXPENSE_CODE',
  'LINE_ITEM_ACTIVITY_CODE',
  'TIMEKEEPER_ID',
  'LINE_ITEM_DESCRIPTION',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
  'TIMEKEEPER_NAME',
  'TIMEKEEPER_CLASSIFICATION',
  'CLIENT_MATTER_ID',
] as const

/** The invoice-level fields every line repeats. Dates are YYYY-MM-DD day keys. */
export interface LedesInvoice {
  invoice_date: string
  invoice_number: string
  client_id: string
  billing_start_date: string
  billing_end_date: string
  invoice_description: string
  law_firm_id: string
  lines: LedesLine[]
}

/** One fee line (`F`): a timekeeper's billed time on a matter on one day. */
export interface LedesLine {
  law_firm_matter_id: string
  client_matter_id: string
  /** billed hours (after the client's increment) */
  units: number
  adjustment: number
  unit_cost: number
  date: string
  task_code: string | null
  activity_code: string | null
  timekeeper_id: string
  timekeeper_name: string
  timekeeper_classification: string
  description: string
  /** who requires UTBMS task and activity codes on the line: its matter, its client (Settings), or nobody */
  codes_required: CodesRequiredBy
}

/** Cents, written as the LEDES sample writes money: no trailing zeros ("630", "1684.45", "-70"). */
export const ledesMoney = (value: number): string => String(Math.round(value * 100) / 100)
/** Hours to 2 decimals ("2.00"). */
export const ledesUnits = (hours: number): string => hours.toFixed(2)
const ledesDate = (day: string): string => day.replaceAll('-', '')
const cents = (value: number) => Math.round(value * 100)

export const lineTotal = (line: Pick<LedesLine, 'units' | 'unit_cost' | 'adjustment'>): number =>
  cents(Number(ledesUnits(line.units)) * line.unit_cost + line.adjustment) / 100

/** Σ LINE_ITEM_TOTAL, in cents so that the sum is exact. */
export const invoiceTotal = (invoice: Pick<LedesInvoice, 'lines'>): number =>
  invoice.lines.reduce((sum, line) => sum + cents(lineTotal(line)), 0) / 100

const TASK_CODE = /^L[1-5]\d0$/u
const ACTIVITY_CODE = /^A1(?:0[1-9]|1[01])$/u
const MAX_DESCRIPTION = 1024

/** Every reason the invoice cannot be written (empty: it can). `total` is INVOICE_TOTAL as it will be written. */
export function ledesProblems(invoice: LedesInvoice, total = invoiceTotal(invoice)): string[] {
  const problems: string[] = []
  const required: Array<[string, string]> = [
    ['INVOICE_NUMBER', invoice.invoice_number],
    ['CLIENT_ID', invoice.client_id],
    ['INVOICE_DATE', invoice.invoice_date],
    ['LAW_FIRM_ID', invoice.law_firm_id],
  ]
  for (const [field, value] of required) if (value.trim() === '') problems.push(`${field} is empty`)
  for (const [field, value] of [
    ['INVOICE_NUMBER', invoice.invoice_number],
    ['CLIENT_ID', invoice.client_id],
    ['LAW_FIRM_ID', invoice.law_firm_id],
  ] as const) {
    if (value.length > 20) problems.push(`${field} '${value}' is longer than 20 characters`)
  }
  if (invoice.lines.length === 0) problems.push('no approved time for this client in the period')
  if (cents(total) !== cents(invoiceTotal(invoice)))
    problems.push(
      `INVOICE_TOTAL ${ledesMoney(total)} is not the sum of LINE_ITEM_TOTAL ${ledesMoney(invoiceTotal(invoice))}`,
    )
  for (const text of [invoice.invoice_description, invoice.invoice_number, invoice.client_id, invoice.law_firm_id]) {
    if (/[|\r\n]|\[\]/u.test(text)) problems.push(`'${text.slice(0, 40)}' contains a pipe, a line break or []`)
  }
  invoice.lines.forEach((line, index) => {
    const n = `line ${index + 1} (${line.date}, matter ${line.law_firm_matter_id || '?'})`
    if (line.date < invoice.billing_start_date || line.date > invoice.billing_end_date)
      problems.push(`${n}: date outside the billing period ${invoice.billing_start_date} – ${invoice.billing_end_date}`)
    if (line.units < 0) problems.push(`${n}: negative units ${ledesUnits(line.units)}`)
    if (line.unit_cost <= 0) problems.push(`${n}: no rate (matter, client or --rate)`)
    if (line.law_firm_matter_id.trim() === '') problems.push(`${n}: no matter (LAW_FIRM_MATTER_ID)`)
    if (line.timekeeper_id.trim() === '') problems.push(`${n}: no timekeeper id`)
    if (line.timekeeper_name.trim() === '') problems.push(`${n}: no timekeeper name ("Surname, First")`)
    if (line.timekeeper_classification.trim() === '') problems.push(`${n}: no timekeeper classification`)
    if (line.description.trim() === '') problems.push(`${n}: no description (approved notes)`)
    if (line.description.length >= MAX_DESCRIPTION)
      problems.push(`${n}: description is ${line.description.length} characters (limit ${MAX_DESCRIPTION - 1})`)
    if (/[|\r\n]|\[\]/u.test(line.description)) problems.push(`${n}: description contains a pipe, a line break or []`)
    if (line.task_code !== null && !TASK_CODE.test(line.task_code))
      problems.push(`${n}: task code ${line.task_code} is not a UTBMS litigation code (L100–L500)`)
    if (line.activity_code !== null && !ACTIVITY_CODE.test(line.activity_code))
      problems.push(`${n}: activity code ${line.activity_code} is not A101–A111`)
    const requirer = line.codes_required === 'client' ? 'the client' : 'the matter'
    if (line.codes_required && line.task_code === null) problems.push(`${n}: ${requirer} requires a UTBMS task code`)
    if (line.codes_required && line.activity_code === null)
      problems.push(`${n}: ${requirer} requires a UTBMS activity code`)
  })
  return problems
}

/** The file's lines (each ending in `[]`), CRLF between them as e-billing systems on Windows expect. */
export function formatLedes1998b(invoice: LedesInvoice, total = invoiceTotal(invoice)): string {
  const lines = ['LEDES1998B[]', `${LEDES_1998B_FIELDS.join('|')}[]`]
  invoice.lines.forEach((line, index) => lines.push(`${ledesLineFields(invoice, line, index + 1, total).join('|')}[]`))
  return `${lines.join('\r\n')}\r\n`
}

export function ledesLineFields(invoice: LedesInvoice, line: LedesLine, number: number, total: number): string[] {
  return [
    ledesDate(invoice.invoice_date),
    invoice.invoice_number,
    invoice.client_id,
    line.law_firm_matter_id,
    ledesMoney(total),
    ledesDate(invoice.billing_start_date),
    ledesDate(invoice.billing_end_date),
    invoice.invoice_description,
    String(number),
    'F',
    ledesUnits(line.units),
    ledesMoney(line.adjustment),
    ledesMoney(lineTotal(line)),
    ledesDate(line.date),
    line.task_code ?? '',
    '',
    line.activity_code ?? '',
    line.timekeeper_id,
    line.description,
    invoice.law_firm_id,
    ledesMoney(line.unit_cost),
    line.timekeeper_name,
    line.timekeeper_classification,
    line.client_matter_id,
  ]
}
