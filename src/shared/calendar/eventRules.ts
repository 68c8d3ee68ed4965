// Client and project of a calendar meeting from the user's rules: a rule with an attendee
// domain matches when any other attendee (or the organizer) has that domain or a subdomain of
// it; a rule's title pattern is matched against the event title. Rules that name only an app
// are about the machine's activity and never match an event.
import type { ClassificationRule } from '../domain'
import type { CalendarEventInstance } from './types'

export interface EventClassification {
  projectId: string | null
  clientId: string | null
  ruleId: string
  reason: string
}

const normalizeDomain = (domain: string) => domain.trim().toLowerCase().replace(/^@/, '')

export function eventClassification(event: CalendarEventInstance, rules: readonly ClassificationRule[]): EventClassification | null {
  const ordered = rules
    .map((rule, order) => ({ rule, order }))
    .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.order - b.order)
  for (const { rule } of ordered) {
    if (!rule.attendee_domain && !rule.title_pattern) continue
    if (rule.app) continue
    let domain: string | undefined
    if (rule.attendee_domain) {
      const wanted = normalizeDomain(rule.attendee_domain)
      domain = event.attendeeDomains.find((d) => d === wanted || d.endsWith(`.${wanted}`))
      if (!domain) continue
    }
    if (rule.title_pattern && !titleMatches(rule.title_pattern, event.title)) continue
    const why = domain ? `attendee from ${domain}` : 'event title'
    return { projectId: rule.project_id ?? null, clientId: rule.client_id ?? null, ruleId: rule.id, reason: `Rule '${rule.id}' matched (${why})` }
  }
  return null
}

function titleMatches(pattern: string, title: string): boolean {
  try {
    return new RegExp(pattern, 'i').test(title)
  } catch {
    // A broken pattern is reported by the classifier for the app side; here it matches nothing.
    return false
  }
}
