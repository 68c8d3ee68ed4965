// Approved time the machine did not see (a calendar-only meeting, away time the user assigned, a
// meeting's quiet stretch) still reaches BillOps, which creates entries only from signals. Each
// stretch of an approved span that the seed's own rules would not bridge — no device signal for
// longer than max(idle threshold, merge window) — is sent as attested signals: one a minute, named
// for the evidence (`calendar` or `manual`, as app and as source_type), never for the event.
// Device signals are sent as they are; nothing is invented about the device, and shorter pauses
// stay the server's to bridge as it always did. The server's idle detection then sees one span,
// and the PATCH that follows gives that entry the exact span, project, client and notes.
import type { LocalEntry } from '../../shared/domain'
import { isoSeconds } from '../../shared/isoTime'
import { ATTESTED_TYPE, type AttestedEvidence, type WireSignal } from './apiSchemas'

/** Spacing of attested signals: never more than the smallest idle threshold the app allows (1 min). */
const ATTESTED_SPACING_SECONDS = 60

/** What vouches for an approved entry's unsignalled time: its calendar meeting, or the user. */
export function evidenceOf(entry: Pick<LocalEntry, 'context_data'>): AttestedEvidence {
  const calendar = entry.context_data.calendar as { kind?: unknown } | undefined
  // A 'worked_through' entry is work the device saw during a meeting, not the meeting itself.
  return calendar?.kind === 'meeting' || calendar?.kind === 'calendar_only' ? 'calendar' : 'manual'
}

export interface IngestThresholds {
  idle_threshold_minutes: number
  max_merge_idle_minutes: number
}

/**
 * The signals to ingest for an approved span [startedAt, endedAt], in time order: the device signals found in it,
 * plus attested ones across every stretch without a device signal longer than the seed would
 * bridge (idle threshold, then the merge window) — the head (from the approved start) and the tail
 * (to the approved end, inclusive) included. A span with no device signal is attested throughout.
 */
export function withAttestedStretches(
  device: readonly WireSignal[],
  startedAt: string,
  endedAt: string,
  evidence: AttestedEvidence,
  thresholds: IngestThresholds,
): WireSignal[] {
  const start = Math.floor(Date.parse(startedAt) / 1000)
  const end = Math.max(start, Math.floor(Date.parse(endedAt) / 1000))
  const threshold = Math.max(thresholds.idle_threshold_minutes, thresholds.max_merge_idle_minutes) * 60
  const seconds = [...new Set(device.map((signal) => Date.parse(signal.timestamp) / 1000))].sort((a, b) => a - b)
  const added: number[] = []
  // Attested seconds in [from, to): from, from + 1 min, …
  const fill = (from: number, to: number) => {
    for (let t = from; t < to; t += ATTESTED_SPACING_SECONDS) added.push(t)
  }
  if (seconds.length === 0) {
    fill(start, end)
    added.push(end)
  } else {
    const first = seconds[0]!
    const last = seconds.at(-1)!
    if (first - start > threshold) fill(start, first)
    for (let i = 1; i < seconds.length; i++) {
      const [a, b] = [seconds[i - 1]!, seconds[i]!]
      if (b - a > threshold) fill(a + ATTESTED_SPACING_SECONDS, b)
    }
    if (end - last > threshold) {
      fill(last + ATTESTED_SPACING_SECONDS, end)
      added.push(end)
    }
  }
  const attested = added.map((t): WireSignal => ({
    timestamp: isoSeconds(t * 1000),
    app: evidence,
    type: ATTESTED_TYPE,
    source_type: evidence,
  }))
  return [...device, ...attested].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
}
