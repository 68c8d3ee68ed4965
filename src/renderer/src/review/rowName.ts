// What a screen reader announces for a queue row, in the order a reviewer decides by: when, how
// long, what it bills, what kind of work, for whom, how sure the suggestion is, and why to check it.
import type { ReviewEntry } from '../../../shared/contract/entries'
import { activityLabel, formatClock, formatMinutes } from '../format'

export function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  if (confidence >= 0.8) return 'high'
  if (confidence >= 0.5) return 'medium'
  return 'low'
}

export const entrySpan = (entry: Pick<ReviewEntry, 'started_at' | 'ended_at'>) =>
  `${formatClock(entry.started_at)}–${formatClock(entry.ended_at)}`

export function entryRowName(
  entry: ReviewEntry,
  names: { projectName: string | null; clientName: string | null; showBilled: boolean },
): string {
  const ctx = entry.context_data
  const percent = Math.round(ctx.confidence * 100)
  const parts = [entrySpan(entry), formatMinutes(entry.duration_minutes)]
  if (names.showBilled) parts.push(`bills ${formatMinutes(entry.billed_minutes)}`)
  parts.push(activityLabel(entry.activity_type))
  parts.push(names.projectName ? `project ${names.projectName}` : 'no project')
  if (names.clientName) parts.push(`client ${names.clientName}`)
  parts.push(`${confidenceLevel(ctx.confidence)} confidence ${percent}%`)
  if (entry.status !== 'pending') parts.push(entry.status)
  else if (entry.needs_verification) parts.push(ctx.reasons.length > 0 ? `verify: ${ctx.reasons.join('; ')}` : 'verify')
  return parts.join(', ')
}
