// LEDES 1998B export (#30) of a client's approved time in a period: one fee line per entry, units
// in hours after the client's billing increment, the rate of the matter, else the client, else the
// timekeeper. Settings give the timekeeper and the firm; the caller may override them.
import { billedMinutes, type BillingIncrement } from '../../shared/contract/entries'
import type { Settings } from '../../shared/domain'
import { formatLedes1998b, invoiceTotal, ledesProblems, type LedesInvoice } from '../../shared/ledes/ledes1998b'
import { checkGuidelines, codesRequired, toGuidelineEntry } from '../../shared/matters/guidelines'
import { addDays, dayKeyOf, dayStartMs } from '../../shared/report/zonedDays'
import { AppError } from '../base/appError'
import type { ReadableDB } from '../store/database'
import { findClient, listBillableEntries } from '../store/matters'
import { checkRange } from './reportService'

export interface LedesRequest {
  client: string
  from: string
  to: string
  time_zone: string
  invoice_number?: string | undefined
  /** YYYY-MM-DD; default today in the zone */
  invoice_date?: string | undefined
  law_firm_id?: string | undefined
  timekeeper_id?: string | undefined
  timekeeper_name?: string | undefined
  timekeeper_classification?: string | undefined
  /** overrides the timekeeper rate of the settings (matter and client rates still come first) */
  rate?: number | undefined
}

export type LedesResult = { ok: true; text: string; lines: number; total: number } | { ok: false; problems: string[] }

const INVOICE_DESCRIPTION = 'For services rendered'

export function buildLedesInvoice(
  db: ReadableDB,
  settings: Settings,
  request: LedesRequest,
  now: number,
): LedesInvoice & { violations: string[] } {
  checkRange({ from: request.from, to: request.to, time_zone: request.time_zone })
  const client = findClient(db, request.client)
  if (!client) throw new AppError('invalid_input', `no client '${request.client}'`)
  const fromIso = new Date(dayStartMs(request.from, request.time_zone)).toISOString()
  const toIso = new Date(dayStartMs(addDays(request.to, 1), request.time_zone)).toISOString()
  const increment = (settings.client_billing_increments[client.id] ??
    settings.billing_increment_minutes) as BillingIncrement
  const timekeeperRate = request.rate ?? settings.timekeeper_rate
  const entries = listBillableEntries(db, client.id, fromIso, toIso)
  const day = (iso: string) => dayKeyOf(Date.parse(iso), request.time_zone)
  // the client's billing guidelines hold for the invoice as for the queue: a broken one blocks the file
  const broken = checkGuidelines(
    entries.map((entry) => toGuidelineEntry(entry, day(entry.started_at), true, settings.client_utbms_required)),
    (clientId) => (clientId === null ? {} : (settings.client_guidelines[clientId] ?? {})),
  )
  // missing codes are the validator's own check (ledesProblems): listed once
  const violations = entries.flatMap((entry, index) =>
    (broken.get(entry.id) ?? [])
      .filter((v) => v.code !== 'MISSING_CODES')
      .map(
        (v) =>
          `line ${index + 1} (${day(entry.started_at)}, matter ${entry.matter_number ?? '?'}): [${v.code}] ${v.message}`,
      ),
  )
  return {
    violations,
    invoice_date: request.invoice_date ?? dayKeyOf(now, request.time_zone),
    invoice_number: request.invoice_number ?? '',
    // the firm's client number from the matter list, else our client id
    client_id: entries.find((e) => e.client_code)?.client_code ?? client.id,
    billing_start_date: request.from,
    billing_end_date: request.to,
    invoice_description: INVOICE_DESCRIPTION,
    law_firm_id: request.law_firm_id ?? settings.law_firm_id,
    lines: entries.map((entry) => ({
      law_firm_matter_id: entry.matter_number ?? '',
      client_matter_id: entry.client_matter_id ?? '',
      units: billedMinutes(entry.duration_minutes, increment) / 60,
      adjustment: 0,
      unit_cost: entry.matter_rate ?? settings.client_rates[client.id] ?? timekeeperRate,
      date: day(entry.started_at),
      task_code: entry.task_code,
      activity_code: entry.activity_code,
      timekeeper_id: request.timekeeper_id ?? settings.timekeeper_id,
      timekeeper_name: request.timekeeper_name ?? settings.timekeeper_name,
      timekeeper_classification: request.timekeeper_classification ?? settings.timekeeper_classification,
      description: (entry.notes ?? '').trim(),
      codes_required: codesRequired(entry, settings.client_utbms_required),
    })),
  }
}

/** The file, or every reason it cannot be written (nothing is written then). */
export function exportLedes(db: ReadableDB, settings: Settings, request: LedesRequest, now: number): LedesResult {
  const { violations, ...invoice } = buildLedesInvoice(db, settings, request, now)
  const problems = [...ledesProblems(invoice), ...violations]
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, text: formatLedes1998b(invoice), lines: invoice.lines.length, total: invoiceTotal(invoice) }
}
