// Turns a finished span's evidence into what the user reads: confidence with its reasons, the
// proposed project/client and why, a narrative draft, and a verification item when unsure.
import type { MatterRecognizer } from '../matters/recognize'
import type { Classification } from './classify'
import { normalizeAppName } from './classify'
import { formatIsoUtc } from '../isoTime'
import { TITLE_KEY_FACTOR, type Span } from './span'
import { suggestActivityCode } from '../matters/utbms'
import type { EngineConfig, LearnedCodeHint, LearnedHint, SuggestedEntry, VerificationItem } from './types'

/** Below this share of active time no activity type dominates: the entry is "mixed". */
export const MIXED_SHARE = 0.6
/** Signals per active minute that count as steady input (capture writes ≤ 1 per second and type). */
const STEADY_DENSITY = 6

export interface Names {
  apps: readonly string[]
  titles: readonly string[]
  keyInfo: readonly Classification[]
  activityTypeOfApp(app: number): string
}

export interface Described {
  entry: SuggestedEntry
  verification: VerificationItem | null
}

const round2 = (value: number) => Math.round(value * 100) / 100
const percent = (share: number) => `${Math.round(share * 100)}%`
const clockTime = (ms: number) => formatIsoUtc(ms).slice(11, 16)

export class LearnedIndex {
  private readonly best = new Map<string, LearnedHint>()

  constructor(hints: readonly LearnedHint[]) {
    for (const hint of hints) {
      const key = `${normalizeAppName(hint.app)}\u0000${hint.activity_type}`
      const current = this.best.get(key)
      if (
        !current ||
        hint.approvals > current.approvals ||
        (hint.approvals === current.approvals && (hint.project_id ?? '') < (current.project_id ?? ''))
      ) {
        this.best.set(key, hint)
      }
    }
  }

  lookup(app: string, activityType: string): LearnedHint | undefined {
    return this.best.get(`${normalizeAppName(app)}\u0000${activityType}`)
  }
}

function sortedByTime(map: Map<number, number>, name: (key: number) => string): Array<[number, number]> {
  return [...map].sort((a, b) => b[1] - a[1] || (name(a[0]) < name(b[0]) ? -1 : name(a[0]) > name(b[0]) ? 1 : 0))
}

/**
 * The first one's share of the whole, counted in whole seconds (1 when there is none): signals
 * are stored per second, so a burst of events inside a span's last second (timestamps with
 * milliseconds, from the CLI or an import) cannot tip a share across a threshold (#12).
 */
function shareOfFirst(times: ReadonlyArray<readonly [unknown, number]>): number {
  let total = 0
  for (const [, ms] of times) total += Math.floor(ms / 1000)
  return total > 0 ? Math.floor((times[0]?.[1] ?? 0) / 1000) / total : 1
}

/**
 * Confidence = 0.4 + 0.3 × share of the primary app + 0.2 × input density (6 signals per active
 * minute counts as steady), − 0.3 when no activity type reaches 60 % (mixed), − 0.1 below one
 * signal per active minute (sparse), + 0.1 when a user rule decided, + 0.05 when learned from
 * approvals; capped at 0.2 for a single moment; clamped to [0, 1]. Every term that applies is
 * also a human-readable reason.
 */
export function describeSpan(
  span: Span,
  key: number,
  names: Names,
  config: EngineConfig,
  learned: LearnedIndex,
  mixedStretch = false,
  matters: MatterRecognizer | null = null,
): Described {
  const classification = names.keyInfo[key] as Classification
  const appName = (app: number) => names.apps[app] ?? '?'
  const apps = sortedByTime(span.appMs, appName)
  const applications = apps.map(([app]) => appName(app))
  const primaryApp = applications[0] ?? 'unknown'
  const active = span.activeMs
  const primaryShare = shareOfFirst(apps)

  const typeMs = new Map<string, number>()
  for (const [k, ms] of span.keyMs) {
    const type = names.keyInfo[k]?.activityType ?? 'other'
    typeMs.set(type, (typeMs.get(type) ?? 0) + ms)
  }
  const types = [...typeMs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const dominantShare = shareOfFirst(types)
  // A mixed stretch (fold.ts, #12) is mixed by construction, whatever its dominant share.
  const mixed = mixedStretch || (types.length > 1 && dominantShare < MIXED_SHARE)

  const activeMinutes = active / 60_000
  const density = span.signals / Math.max(1, activeMinutes)
  const reasons: string[] = []
  let confidence = 0.4 + 0.3 * primaryShare + 0.2 * Math.min(1, density / STEADY_DENSITY)
  reasons.push(`${primaryApp} in front ${percent(primaryShare)} of active time`)
  reasons.push(`${round2(density)} signals per active minute`)
  if (mixed) {
    confidence -= 0.3
    reasons.push(
      `Multiple activity types detected: ${types.map(([t, ms]) => `${t} ${percent(active > 0 ? ms / active : 0)}`).join(', ')}`,
    )
  }
  const sparse = density < 1
  if (sparse) {
    confidence -= 0.1
    reasons.push('Sparse input: less than one signal per active minute')
  }

  let projectId = classification.projectId
  let clientId = classification.clientId
  let suggestionSource: 'rule' | 'matter' | 'learned' | 'default' = 'default'
  let suggestionReason: string | undefined
  // A user rule wins; then a matter named in the titles (#30); then what approvals taught.
  const matter = classification.ruleId === null && matters ? matters.recognizeTitles(spanTitles(span, names)) : null
  if (classification.ruleId !== null) {
    confidence += 0.1
    suggestionSource = 'rule'
    suggestionReason = `Rule '${classification.ruleId}' matched`
    reasons.push(suggestionReason)
  } else if (matter) {
    projectId = matter.matter.project_id
    clientId = matter.matter.client_id
    if (matter.sure) confidence += 0.1
    suggestionSource = 'matter'
    suggestionReason = matter.reason
    reasons.push(suggestionReason)
  } else {
    // In a mixed stretch the top app may be of another type than the dominant one: learn from
    // the top app of the dominant type.
    const learnedApp = mixedStretch
      ? (apps.find(([app]) => names.activityTypeOfApp(app) === classification.activityType)?.[0] ?? apps[0]?.[0])
      : undefined
    const lookupApp = learnedApp === undefined ? primaryApp : appName(learnedApp)
    const hint = learned.lookup(lookupApp, classification.activityType)
    if (hint) {
      projectId = hint.project_id
      clientId = hint.client_id
      confidence += 0.05
      suggestionSource = 'learned'
      suggestionReason = `Resembles ${hint.approvals} approved ${classification.activityType} entr${hint.approvals === 1 ? 'y' : 'ies'} in ${lookupApp}`
      reasons.push(suggestionReason)
    }
  }
  if (span.idleMergedMs > 0) {
    reasons.push(
      `Includes ${round2(span.idleMergedMs / 60_000)} min of short idle gaps merged (longest ${round2(span.longestMergedGapMs / 60_000)} min, limit ${round2(config.maxMergeMs / 60_000)} min)`,
    )
  }
  const moment = span.signals <= 1 || active === 0
  if (moment) {
    confidence = Math.min(confidence, 0.2)
    reasons.push('A single moment of activity: no evidence of sustained work')
  }
  const matterUnsure = matter !== null && !matter.sure
  if (matterUnsure) confidence = Math.min(confidence, config.verifyThreshold - 0.05)
  if (mixedStretch) {
    // Rapid alternation between activity types always asks the reviewer (below the threshold).
    confidence = Math.min(confidence, config.verifyThreshold - 0.05)
    reasons.push('Rapid switching between activity types: one entry for the whole stretch')
  }
  confidence = round2(Math.min(1, Math.max(0, confidence)))

  const entry: SuggestedEntry = {
    started_at: formatIsoUtc(span.start),
    ended_at: formatIsoUtc(span.end),
    duration_minutes: round2((span.end - span.start) / 60_000),
    status: 'pending',
    source: 'auto',
    activity_type: classification.activityType,
    project_id: projectId,
    client_id: clientId,
    notes: null,
    context_data: {
      confidence,
      applications,
      primary_activity: mixed ? 'mixed' : classification.activityType,
      reasons,
      narrative: narrative(span, apps, names),
      suggestion_source: suggestionSource,
      ...(suggestionReason === undefined ? {} : { suggestion_reason: suggestionReason }),
      active_minutes: round2(activeMinutes),
      idle_minutes_merged: round2(span.idleMergedMs / 60_000),
      signal_count: span.signals,
      ...(mixedStretch ? shares(apps, types, active, appName) : {}),
      ...(matter
        ? { matter: { number: matter.matter.number, evidence: matter.evidence.kind, sure: matter.sure } }
        : {}),
      ...activityCode(
        classification.activityType,
        applications,
        span,
        names,
        matter?.matter.domains ?? [],
        config.learnedCodes ?? [],
      ),
    },
  }
  if (confidence >= config.verifyThreshold && !mixedStretch) return { entry, verification: null }
  const when = `${clockTime(span.start)}–${clockTime(span.end)} UTC`
  const verification: VerificationItem = mixed
    ? {
        confidence,
        reason: 'Low confidence - multiple activity types detected',
        description: `Mixed ${listing(applications.slice(0, 3))} usage, ${when}`,
      }
    : moment
      ? {
          confidence,
          reason: 'Low confidence - single signal',
          description: `One moment of ${primaryApp} activity at ${clockTime(span.start)} UTC`,
        }
      : sparse
        ? {
            confidence,
            reason: 'Low confidence - sparse input',
            description: `${span.signals} signals over ${round2(activeMinutes)} min in ${primaryApp}, ${when}`,
          }
        : matterUnsure
          ? { confidence, reason: 'Low confidence - matter uncertain', description: `${matter.reason}, ${when}` }
          : { confidence, reason: 'Low confidence', description: `${applications.slice(0, 3).join(', ')}, ${when}` }
  // Every item about an entry names it (#12); suggest.ts adds its index in the result.
  return { entry, verification: { ...verification, started_at: entry.started_at, ended_at: entry.ended_at } }
}

/** The UTBMS activity code to suggest: the user's own corrections for this app and type first (#30). */
function activityCode(
  activityType: string,
  applications: string[],
  span: Span,
  names: Names,
  clientDomains: readonly string[],
  learned: readonly LearnedCodeHint[],
) {
  const app = normalizeAppName(applications[0] ?? '')
  let best: LearnedCodeHint | undefined
  for (const hint of learned) {
    if (normalizeAppName(hint.app) !== app || hint.activity_type !== activityType) continue
    if (
      !best ||
      hint.corrections > best.corrections ||
      (hint.corrections === best.corrections && hint.activity_code < best.activity_code)
    )
      best = hint
  }
  if (best) {
    const reason = `${best.activity_code}: you chose it for ${best.corrections} ${activityType} entr${best.corrections === 1 ? 'y' : 'ies'} in ${applications[0]}`
    return { utbms: { activity_code: best.activity_code, reason, source: 'learned' as const } }
  }
  const titles = spanTitles(span, names).map((t) => t.title)
  const suggestion = suggestActivityCode({
    activity_type: activityType,
    applications,
    titles,
    client_domains: clientDomains,
  })
  return suggestion
    ? { utbms: { activity_code: suggestion.code, reason: suggestion.reason, source: 'default' as const } }
    : {}
}

/** The span's titles with their time in front (a title seen in two apps counts once, summed). */
function spanTitles(span: Span, names: Names): Array<{ title: string; ms: number }> {
  const byTitle = new Map<number, number>()
  for (const [titleKey, ms] of span.titleMs) {
    const title = titleKey % TITLE_KEY_FACTOR
    byTitle.set(title, (byTitle.get(title) ?? 0) + ms)
  }
  return [...byTitle].map(([title, ms]) => ({ title: names.titles[title] ?? '', ms }))
}

/** "a and b", "a, b and c" */
function listing(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) as string}`
}

/** Each app's and activity type's share of active time (they add up to 1, up to rounding). */
function shares(
  apps: Array<[number, number]>,
  types: Array<[string, number]>,
  active: number,
  appName: (app: number) => string,
) {
  const share = (ms: number) => (active > 0 ? round2(ms / active) : 0)
  return {
    application_shares: apps.map(([app, ms]) => ({ app: appName(app), share: share(ms) })),
    activity_shares: types.map(([activityType, ms]) => ({ activity_type: activityType, share: share(ms) })),
  }
}

const PHRASES: Record<string, [withTitle: string, withoutTitle: string]> = {
  writing: ['Drafted {t} in {a}', 'Writing in {a}'],
  focused_work: ['Worked on {t} in {a}', 'Worked in {a}'],
  research: ['Researched {t} in {a}', 'Research in {a}'],
  communication: ['Correspondence {t} in {a}', 'E-mail and messages in {a}'],
  meeting: ['Call {t} in {a}', 'Call in {a}'],
  admin: ['Admin: {t} in {a}', 'Admin in {a}'],
  design: ['Designed {t} in {a}', 'Design in {a}'],
}

/** "Drafted 'Motion to dismiss.docx' in word; e-mail and messages in outlook" from the top apps. */
function narrative(span: Span, apps: Array<[number, number]>, names: Names): string {
  const bestTitle = new Map<number, [title: number, ms: number]>()
  for (const [titleKey, ms] of span.titleMs) {
    const app = Math.floor(titleKey / TITLE_KEY_FACTOR)
    const title = titleKey - app * TITLE_KEY_FACTOR
    const current = bestTitle.get(app)
    const better =
      !current ||
      ms > current[1] ||
      (ms === current[1] && (names.titles[title] ?? '') < (names.titles[current[0]] ?? ''))
    if (better) bestTitle.set(app, [title, ms])
  }
  const parts = apps.slice(0, 3).map(([app], index) => {
    const [withTitle, withoutTitle] = PHRASES[names.activityTypeOfApp(app)] ?? ['Used {a} ({t})', 'Used {a}']
    const title = bestTitle.get(app)
    // Replacer functions: a title containing `$&` must not be read as a replacement pattern.
    const text = (title ? withTitle.replace('{t}', () => `'${names.titles[title[0]]}'`) : withoutTitle).replace(
      '{a}',
      () => names.apps[app] ?? '?',
    )
    return index === 0 ? text : text.charAt(0).toLowerCase() + text.slice(1)
  })
  return parts.join('; ')
}
