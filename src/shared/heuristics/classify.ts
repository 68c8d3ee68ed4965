// Classification: app (+ local window title) → activity type, project, client. User rules win
// (highest priority first, then list order); otherwise a default map of well-known apps.
import { ownValue } from '../ownValue'
import type { ClassificationRule } from '../domain'
import { compileUserRegex, type UserRegex } from '../userRegex'
import { meetingAppMatcher } from '../presence'

/** Well-known app ids (lower case, as capture reports them) and what working in them usually is. */
const DEFAULT_APP_TYPES: Readonly<Record<string, string>> = {
  vscode: 'focused_work',
  code: 'focused_work',
  cursor: 'focused_work',
  idea: 'focused_work',
  intellij: 'focused_work',
  pycharm: 'focused_work',
  webstorm: 'focused_work',
  xcode: 'focused_work',
  vim: 'focused_work',
  nvim: 'focused_work',
  emacs: 'focused_work',
  sublime: 'focused_work',
  terminal: 'focused_work',
  iterm2: 'focused_work',
  xterm: 'focused_work',
  'gnome-terminal': 'focused_work',
  konsole: 'focused_work',
  'visual studio': 'focused_work',
  word: 'writing',
  winword: 'writing',
  pages: 'writing',
  'libreoffice-writer': 'writing',
  writer: 'writing',
  'google-docs': 'writing',
  docs: 'writing',
  acrobat: 'writing',
  notion: 'writing',
  obsidian: 'writing',
  chrome: 'research',
  'google-chrome': 'research',
  chromium: 'research',
  firefox: 'research',
  safari: 'research',
  edge: 'research',
  msedge: 'research',
  brave: 'research',
  westlaw: 'research',
  lexis: 'research',
  outlook: 'communication',
  thunderbird: 'communication',
  mail: 'communication',
  gmail: 'communication',
  slack: 'communication',
  discord: 'communication',
  signal: 'communication',
  telegram: 'communication',
  zoom: 'meeting',
  teams: 'meeting',
  meet: 'meeting',
  webex: 'meeting',
  'slack-huddle': 'meeting',
  skype: 'meeting',
  excel: 'admin',
  sheets: 'admin',
  'libreoffice-calc': 'admin',
  numbers: 'admin',
  quickbooks: 'admin',
  finder: 'admin',
  explorer: 'admin',
  nautilus: 'admin',
  calendar: 'admin',
  figma: 'design',
  sketch: 'design',
  photoshop: 'design',
  illustrator: 'design',
  inkscape: 'design',
  gimp: 'design',
}

export interface Classification {
  /** interned id of (activity type, project, client): what segments and merges compare */
  key: number
  activityType: string
  projectId: string | null
  clientId: string | null
  /** id of the rule that decided, when one did */
  ruleId: string | null
}

export interface ClassifierOptions {
  rules: readonly ClassificationRule[]
  meetingApps: readonly string[]
  aliases: Readonly<Record<string, string>>
}

interface CompiledRule {
  rule: ClassificationRule
  app: string | null
  title: UserRegex | null
}

export const normalizeAppName = (app: string): string =>
  app
    .trim()
    .toLowerCase()
    .replace(/\.(exe|app)$/, '')

export class Classifier {
  private readonly rules: CompiledRule[]
  /** the presence model's matcher (src/shared/presence.ts): meeting apps match one way everywhere */
  readonly isMeetingApp: (app: string) => boolean
  private readonly keys = new Map<string, number>()
  /** what each key stands for, by key id */
  readonly keyInfo: Classification[] = []
  /** rules whose title pattern is not a valid regular expression (skipped, reported by the caller) */
  readonly brokenRules: string[] = []

  constructor(private readonly options: ClassifierOptions) {
    this.isMeetingApp = meetingAppMatcher(options.meetingApps, options.aliases)
    const ordered = options.rules
      .map((rule, order) => ({ rule, order }))
      .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.order - b.order)
    this.rules = []
    for (const { rule } of ordered) {
      // Attendee-domain rules are about calendar meetings (calendar/eventRules.ts), never app activity.
      if (rule.attendee_domain) continue
      let title: UserRegex | null = null
      if (rule.title_pattern) {
        // Linear-time engine (userRegex.ts): window titles are written by strangers.
        const compiled = compileUserRegex(rule.title_pattern, { caseInsensitive: true })
        if (!compiled.ok) {
          this.brokenRules.push(rule.id)
          continue
        }
        title = compiled.regex
      }
      this.rules.push({ rule, app: rule.app ? normalizeAppName(rule.app) : null, title })
    }
  }

  /** The canonical id an app is shown and matched under (user aliases applied). */
  canonicalApp(app: string): string {
    return ownValue(this.options.aliases, app) ?? app
  }

  defaultActivityType(app: string): string {
    if (this.isMeetingApp(app)) return 'meeting'
    return ownValue(DEFAULT_APP_TYPES, normalizeAppName(this.canonicalApp(app))) ?? 'other'
  }

  classify(app: string, title: string | null): Classification {
    const name = normalizeAppName(this.canonicalApp(app))
    for (const compiled of this.rules) {
      if (compiled.app !== null && compiled.app !== name) continue
      if (compiled.title !== null && (title === null || !compiled.title.test(title))) continue
      const { rule } = compiled
      const activityType = rule.activity_type ?? this.defaultActivityType(app)
      return this.make(activityType, rule.project_id ?? null, rule.client_id ?? null, rule.id)
    }
    return this.make(this.defaultActivityType(app), null, null, null)
  }

  private make(
    activityType: string,
    projectId: string | null,
    clientId: string | null,
    ruleId: string | null,
  ): Classification {
    const id = `${activityType}\u0000${projectId ?? ''}\u0000${clientId ?? ''}`
    const known = this.keys.get(id)
    if (known !== undefined) return { ...(this.keyInfo[known] as Classification), ruleId }
    const classification = { key: this.keyInfo.length, activityType, projectId, clientId, ruleId }
    this.keyInfo.push(classification)
    this.keys.set(id, classification.key)
    return classification
  }
}
