// Billing-guideline checks (#30): the rules corporate clients reject invoices for, evaluated
// before approval and before a LEDES file is written. Every rule — its code, its default and its
// wording — is in GUIDELINE_RULES; a client's guidelines only switch rules off or change a limit.

export interface GuidelineEntry {
  id: string
  /** local day (YYYY-MM-DD) the entry is billed on */
  day: string
  duration_minutes: number
  /** what will be billed: the approved notes, else the narrative draft */
  narrative: string
  activity_type: string
  client_id: string | null
  /** the entry's matter number (null: not a matter) */
  matter: string | null
  task_code: string | null
  activity_code: string | null
  /** who requires UTBMS codes on it: its matter, its client (Settings), or nobody */
  codes_required: CodesRequiredBy
}

export interface GuidelineViolation {
  code: GuidelineCode
  message: string
}

export type GuidelineCode =
  'BLOCK_BILLING' | 'VAGUE_NARRATIVE' | 'MIN_INCREMENT' | 'DAILY_HOURS' | 'MISSING_CODES' | 'ADMIN_TASK'

/** A client's guidelines: rules switched off, and limits (minutes, hours) other than the defaults. */
export type ClientGuidelines = Partial<Record<GuidelineCode, { enabled?: boolean; limit?: number }>>

interface Rule {
  code: GuidelineCode
  /** the rule's name where it is switched on or off (Settings → Billing) */
  title: string
  /** what the limit is (shown in Settings), null: the rule has none */
  limit: { default: number; unit: string } | null
  /** the check over one entry and its day on the same matter; a message when broken */
  check(entry: GuidelineEntry, limit: number, sameMatterDay: readonly GuidelineEntry[]): string | null
}

// Verbs that name a task (nouns like "call" or "e-mail" are left out: "reviewed e-mail from client" is one task).
const TASK_VERB_SOURCE = String.raw`\b(?:draft(?:ed|ing)?|revis(?:e|ed|ing)|review(?:ed|ing)?|prepar(?:e|ed|ing)|research(?:ed|ing)?|attend(?:ed|ing)?|confer(?:red)?|correspond(?:ed)?|analy[sz](?:e|ed|ing)|negotiat(?:e|ed|ing)|summari[sz](?:e|ed|ing)|organi[sz](?:e|ed|ing)|appear(?:ed)?)\b`
const TASK_VERBS = new RegExp(TASK_VERB_SOURCE, 'giu')
const TASK_VERB = new RegExp(TASK_VERB_SOURCE, 'iu')
const VAGUE_WORDS = new Set([
  'review',
  'reviewed',
  'attention',
  'work',
  'worked',
  'research',
  'conference',
  'emails',
  'email',
  'correspondence',
  'prepare',
  'prepared',
  'draft',
  'follow',
  'up',
  'misc',
  'miscellaneous',
  'various',
  'analysis',
  'call',
  'calls',
  'meeting',
])
const FILLER_WORDS = new Set([
  'the',
  'to',
  'a',
  'an',
  'on',
  'of',
  're',
  'for',
  'and',
  'with',
  'file',
  'files',
  'matter',
  'case',
  'documents',
  'document',
  'issues',
  'same',
  'etc',
])
const ADMIN_TASK =
  /\b(?:photocop\w*|scann?(?:ed|ing)\b|print(?:ed|ing)\b|calendar(?:ed|ing)\b|data entry|organi[sz](?:e|ed|ing) (?:the )?files?|fil(?:e|ed|ing) (?:the )?(?:documents|papers)|bates[- ]stamp\w*|schedul(?:e|ed|ing) (?:a )?(?:meeting|call)|conflicts? check|open(?:ed|ing)? (?:new )?(?:matter|file)|invoice|billing)\b/iu

const words = (text: string) => text.toLowerCase().match(/[a-z]+/gu) ?? []

/** The rules in the order the queue lists them. */
export const GUIDELINE_RULES: readonly Rule[] = [
  {
    code: 'BLOCK_BILLING',
    title: 'Block billing',
    limit: null,
    check(entry) {
      // quoted document names are not tasks ("Drafted 'Draft MSJ.docx'"); one verb in two forms is one task
      const text = entry.narrative.replace(/'[^']*'|"[^"]*"/gu, ' ')
      const seen = new Map<string, string>()
      for (const verb of text.match(TASK_VERBS) ?? [])
        if (!seen.has(verb.toLowerCase().slice(0, 5))) seen.set(verb.toLowerCase().slice(0, 5), verb.toLowerCase())
      const verbs = [...seen.values()]
      const clauses = text.split(/;/u).filter((part) => TASK_VERB.test(part))
      return verbs.length >= 2 || clauses.length >= 2
        ? `Block billing: one narrative lists several tasks (${verbs.slice(0, 4).join(', ')}); bill each task as its own entry`
        : null
    },
  },
  {
    code: 'VAGUE_NARRATIVE',
    title: 'Vague narrative',
    limit: null,
    check(entry) {
      const meaningful = words(entry.narrative).filter((w) => !FILLER_WORDS.has(w))
      if (meaningful.length > 0 && !meaningful.every((w) => VAGUE_WORDS.has(w))) return null
      return `Vague narrative: "${entry.narrative.trim() || '(empty)'}" does not say what was done, to what, and why`
    },
  },
  {
    code: 'MIN_INCREMENT',
    title: 'Minimum increment',
    limit: { default: 6, unit: 'minutes' },
    check: (entry, limit) =>
      entry.duration_minutes < limit
        ? `Below the minimum increment: ${Math.round(entry.duration_minutes)} min is less than ${limit} min`
        : null,
  },
  {
    code: 'DAILY_HOURS',
    title: 'Hours per matter per day',
    limit: { default: 10, unit: 'hours' },
    check(entry, limit, sameMatterDay) {
      if (entry.matter === null) return null
      const hours = sameMatterDay.reduce((sum, e) => sum + e.duration_minutes, 0) / 60
      return hours > limit
        ? `More than ${limit} h on matter ${entry.matter} on ${entry.day} (${Math.round(hours * 10) / 10} h)`
        : null
    },
  },
  {
    code: 'MISSING_CODES',
    title: 'UTBMS codes missing',
    limit: null,
    check(entry) {
      if (!entry.codes_required) return null
      const missing = [entry.task_code === null && 'task code', entry.activity_code === null && 'activity code'].filter(
        Boolean,
      )
      const where = entry.codes_required === 'client' ? "by the client's settings" : `on matter ${entry.matter ?? '?'}`
      return missing.length > 0 ? `UTBMS codes required ${where}: no ${missing.join(' and no ')}` : null
    },
  },
  {
    code: 'ADMIN_TASK',
    title: 'Administrative tasks',
    limit: null,
    check(entry) {
      if (entry.client_id === null) return null
      const found = entry.narrative.match(ADMIN_TASK)?.[0]
      if (found) return `Administrative task on a client matter ("${found}"): clients do not pay for clerical work`
      return entry.activity_type === 'admin'
        ? 'Administrative task on a client matter (admin activity): clients do not pay for clerical work'
        : null
    },
  },
]

/** A stored entry with its matter and codes (store/matters.ts) as the checks read it. */
export interface EntryWithMatter {
  id: string
  duration_minutes: number
  notes: string | null
  narrative: string | null
  activity_type: string
  client_id: string | null
  matter_number: string | null
  task_code: string | null
  activity_code: string | null
  utbms_required: number | null
}

/** Client ids whose time needs UTBMS codes on every entry (`Settings.client_utbms_required`). */
export type ClientsRequiringCodes = Readonly<Record<string, boolean>>

export type CodesRequiredBy = 'matter' | 'client' | false

/** UTBMS codes are required when the entry's matter says so or its client requires them on all its time. */
export function codesRequired(
  entry: { utbms_required: number | null; client_id: string | null },
  clientsRequiringCodes: ClientsRequiringCodes,
): CodesRequiredBy {
  if (entry.utbms_required === 1) return 'matter'
  return entry.client_id !== null && clientsRequiringCodes[entry.client_id] === true ? 'client' : false
}

/** What is checked is what will be billed: the notes, else (before review) the narrative draft. */
export function toGuidelineEntry(
  entry: EntryWithMatter,
  day: string,
  billedTextOnly: boolean,
  clientsRequiringCodes: ClientsRequiringCodes,
): GuidelineEntry {
  return {
    id: entry.id,
    day,
    duration_minutes: entry.duration_minutes,
    narrative: entry.notes ?? (billedTextOnly ? '' : (entry.narrative ?? '')),
    activity_type: entry.activity_type,
    client_id: entry.client_id,
    matter: entry.matter_number,
    task_code: entry.task_code,
    activity_code: entry.activity_code,
    codes_required: codesRequired(entry, clientsRequiringCodes),
  }
}

/** Every rule each entry breaks, by entry id (entries with none are left out). */
export function checkGuidelines(
  entries: readonly GuidelineEntry[],
  guidelinesOf: (clientId: string | null) => ClientGuidelines = () => ({}),
): Map<string, GuidelineViolation[]> {
  const byMatterDay = new Map<string, GuidelineEntry[]>()
  for (const entry of entries) {
    const key = `${entry.day}\u0000${entry.matter ?? ''}`
    const list = byMatterDay.get(key) ?? []
    list.push(entry)
    byMatterDay.set(key, list)
  }
  const result = new Map<string, GuidelineViolation[]>()
  for (const entry of entries) {
    // guidelines are a client's: time for no client is nobody's invoice
    if (entry.client_id === null) continue
    const guidelines = guidelinesOf(entry.client_id)
    const violations: GuidelineViolation[] = []
    for (const rule of GUIDELINE_RULES) {
      const setting = guidelines[rule.code]
      if (setting?.enabled === false) continue
      const limit = setting?.limit ?? rule.limit?.default ?? 0
      const message = rule.check(entry, limit, byMatterDay.get(`${entry.day}\u0000${entry.matter ?? ''}`) ?? [entry])
      if (message !== null) violations.push({ code: rule.code, message })
    }
    if (violations.length > 0) result.set(entry.id, violations)
  }
  return result
}
