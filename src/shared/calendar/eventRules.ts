// Client and project of a calendar meeting from the user's rules: a rule with an attendee
// domain matches when any other attendee (or the organizer) has that domain or a subdomain of
// it; a rule's title pattern is matched against the event title. Rules that name only an app
// are about the machine's activity and never match an event. Without a rule, approved meetings
// with the same attendee domain teach the answer, as approved entries do for apps.
import type { ClassificationRule } from '../domain'
import type { MatterRecognizer } from '../matters/recognize'
import type { CalendarEventInstance } from './types'
import { compileUserRegex } from '../userRegex'

export interface EventClassification {
  projectId: string | null
  clientId: string | null
  source: 'rule' | 'matter' | 'learned'
  reason: string
  /** false: a matter found on a common word only, or two matters (#30): the entry asks */
  sure?: boolean
}

/** Approved calendar-backed entries with this attendee domain had this project/client. */
export interface LearnedDomainHint {
  domain: string
  project_id: string | null
  client_id: string | null
  approvals: number
}

const normalizeDomain = (domain: string) => domain.trim().toLowerCase().replace(/^@/, '')

export function eventClassification(
  event: CalendarEventInstance,
  rules: readonly ClassificationRule[],
  learned: readonly LearnedDomainHint[] = [],
  matters: MatterRecognizer | null = null,
): EventClassification | null {
  return byRule(event, rules) ?? byMatter(event, matters) ?? byLearned(event, learned)
}

/** A matter named in the title, else known by an attendee's domain (#30). */
function byMatter(event: CalendarEventInstance, matters: MatterRecognizer | null): EventClassification | null {
  const match = matters?.recognizeEvent(event.title, event.attendeeDomains)
  if (!match) return null
  return {
    projectId: match.matter.project_id,
    clientId: match.matter.client_id,
    source: 'matter',
    reason: match.reason,
    sure: match.sure,
  }
}

function byLearned(event: CalendarEventInstance, learned: readonly LearnedDomainHint[]): EventClassification | null {
  const domains = new Set(event.attendeeDomains)
  let best: LearnedDomainHint | null = null
  for (const hint of learned) {
    if (!domains.has(hint.domain)) continue
    if (
      !best ||
      hint.approvals > best.approvals ||
      (hint.approvals === best.approvals && (hint.project_id ?? '') < (best.project_id ?? ''))
    )
      best = hint
  }
  if (!best) return null
  const n = best.approvals
  return {
    projectId: best.project_id,
    clientId: best.client_id,
    source: 'learned',
    reason: `Resembles ${n} approved meeting${n === 1 ? '' : 's'} with ${best.domain}`,
  }
}

function byRule(event: CalendarEventInstance, rules: readonly ClassificationRule[]): EventClassification | null {
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
    return {
      projectId: rule.project_id ?? null,
      clientId: rule.client_id ?? null,
      source: 'rule',
      reason: `Rule '${rule.id}' matched (${why})`,
    }
  }
  return null
}

function titleMatches(pattern: string, title: string): boolean {
  // Linear-time engine (userRegex.ts): event titles come from other people's invitations.
  // A broken pattern is reported by the classifier for the app side; here it matches nothing.
  const compiled = compileUserRegex(pattern, { caseInsensitive: true })
  return compiled.ok && compiled.regex.test(title)
}
