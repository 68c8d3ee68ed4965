// UTBMS codes (#30): the litigation task set (L100–L500) and the activity set (A101–A111) in one
// table each, and the activity code suggested from what the entry was (activity type, apps,
// meeting attendees), always with the reason shown to the reviewer.

export const UTBMS_TASK_CODES: Readonly<Record<string, string>> = {
  L100: 'Case Assessment, Development and Administration',
  L110: 'Fact Investigation/Development',
  L120: 'Analysis/Strategy',
  L130: 'Experts/Consultants',
  L140: 'Document/File Management',
  L150: 'Budgeting',
  L160: 'Settlement/Non-Binding ADR',
  L190: 'Other Case Assessment, Development and Administration',
  L200: 'Pre-Trial Pleadings and Motions',
  L210: 'Pleadings',
  L220: 'Preliminary Injunctions/Provisional Remedies',
  L230: 'Court Mandated Conferences',
  L240: 'Dispositive Motions',
  L250: 'Other Written Motions and Submissions',
  L260: 'Class Action Certification and Notice',
  L300: 'Discovery',
  L310: 'Written Discovery',
  L320: 'Document Production',
  L330: 'Depositions',
  L340: 'Expert Discovery',
  L350: 'Discovery Motions',
  L390: 'Other Discovery',
  L400: 'Trial Preparation and Trial',
  L410: 'Fact Witnesses',
  L420: 'Expert Witnesses',
  L430: 'Written Motions and Submissions',
  L440: 'Other Trial Preparation and Support',
  L450: 'Trial and Hearing Attendance',
  L460: 'Post-Trial Motions and Submissions',
  L470: 'Enforcement',
  L500: 'Appeal',
  L510: 'Appellate Motions and Submissions',
  L520: 'Appellate Briefs',
  L530: 'Oral Argument',
}

export const UTBMS_ACTIVITY_CODES: Readonly<Record<string, string>> = {
  A101: 'Plan and prepare for',
  A102: 'Research',
  A103: 'Draft/revise',
  A104: 'Review/analyze',
  A105: 'Communicate (in firm)',
  A106: 'Communicate (with client)',
  A107: 'Communicate (other outside counsel)',
  A108: 'Communicate (other external)',
  A109: 'Appear for/attend',
  A110: 'Manage data/files',
  A111: 'Other',
}

export const isTaskCode = (code: string): boolean => Object.hasOwn(UTBMS_TASK_CODES, code)
export const isActivityCode = (code: string): boolean => Object.hasOwn(UTBMS_ACTIVITY_CODES, code)

export interface ActivityCodeInput {
  activity_type: string
  /** apps by time in front, first = most */
  applications: readonly string[]
  /** the span's titles (local only) */
  titles?: readonly string[]
  /** a calendar meeting's attendee and organizer domains, when the entry is one */
  attendee_domains?: readonly string[]
  /** the matter's client domains, when a matter is known */
  client_domains?: readonly string[]
  /** the firm's own domains (attendees from here are colleagues) */
  firm_domains?: readonly string[]
}

export interface CodeSuggestion {
  code: string
  reason: string
}

const WORD_PROCESSORS = new Set(['word', 'winword', 'pages', 'libreoffice-writer', 'writer', 'google-docs', 'docs'])
const PDF_VIEWERS = new Set([
  'acrobat',
  'acroread',
  'adobe acrobat',
  'evince',
  'okular',
  'preview',
  'foxit',
  'sumatrapdf',
  'xreader',
])
const DMS_APPS = new Set(['imanage', 'filesite', 'netdocuments', 'worldox', 'explorer', 'finder', 'nautilus'])

const inDomains = (domain: string, list: readonly string[]) =>
  list.some((known) => domain === known || domain.endsWith(`.${known}`))
const label = (code: string) => `${code} ${UTBMS_ACTIVITY_CODES[code] ?? ''}`.trim()

/** The activity code an entry most likely is, or null when nothing says. */
export function suggestActivityCode(input: ActivityCodeInput): CodeSuggestion | null {
  const app = (input.applications[0] ?? '').toLowerCase()
  const clientDomains = (input.client_domains ?? []).map((d) => d.toLowerCase())
  if (input.activity_type === 'meeting') {
    const domains = (input.attendee_domains ?? []).map((d) => d.toLowerCase())
    const client = domains.find((d) => inDomains(d, clientDomains))
    if (client) return { code: 'A106', reason: `${label('A106')}: an attendee from ${client}, the client's domain` }
    const firm = input.firm_domains ?? []
    if (domains.length > 0 && firm.length > 0 && domains.every((d) => inDomains(d, firm)))
      return { code: 'A105', reason: `${label('A105')}: every attendee is from the firm` }
    if (domains.length > 0)
      return { code: 'A108', reason: `${label('A108')}: attendees from ${domains.slice(0, 3).join(', ')}` }
    return null
  }
  const pdfTitle = (input.titles ?? []).some((t) => /\.pdf\b/iu.test(t))
  if (PDF_VIEWERS.has(app) || (pdfTitle && input.activity_type !== 'writing'))
    return { code: 'A104', reason: `${label('A104')}: reading a PDF in ${app || 'a viewer'}` }
  if (input.activity_type === 'writing' && WORD_PROCESSORS.has(app))
    return { code: 'A103', reason: `${label('A103')}: writing in ${app}` }
  if (input.activity_type === 'communication') {
    const address = (input.titles ?? [])
      .flatMap((t) => [...t.matchAll(/@([a-z0-9.-]+\.[a-z]{2,})/giu)].map((m) => (m[1] as string).toLowerCase()))
      .find((d) => inDomains(d, clientDomains))
    if (address) return { code: 'A106', reason: `${label('A106')}: e-mail with ${address}, the client's domain` }
    return null
  }
  if (input.activity_type === 'research') return { code: 'A102', reason: `${label('A102')}: research in ${app}` }
  if (DMS_APPS.has(app)) return { code: 'A110', reason: `${label('A110')}: working with files in ${app}` }
  return null
}
