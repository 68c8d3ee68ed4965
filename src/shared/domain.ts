// Domain words of design.md as zod schemas: every layer (main, worker, renderer, tests)
// parses external data with these and works with the inferred types inside.
import { z } from 'zod'
import { compileUserRegex } from './userRegex'
import { SIGNAL_TYPE_NAMES, SOURCE_TYPES, signalTypeTable } from './signalRegistry'

/** UTC ISO-8601 with a `Z`, the contract's timestamp format. */
export const IsoUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'expected UTC ISO-8601 ending in Z')
  // Date.parse rolls impossible dates over (Nov 31 → Dec 1, 24:00 → next day): require a round trip.
  .refine((s) => {
    const ms = Date.parse(s)
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19)
  }, 'not a real date')
export type IsoUtc = z.infer<typeof IsoUtc>

/** Stable application id (`vscode`, `chrome`, `private`); never a window title. */
export const AppId = z.string().min(1).max(128)

/** Signal types and sources: the registry's names (src/shared/signalRegistry.ts, one entry a type). */
export const SignalType = z.enum(SIGNAL_TYPE_NAMES)
export type SignalType = z.infer<typeof SignalType>

export const SourceType = z.enum(SOURCE_TYPES)
export type SourceType = z.infer<typeof SourceType>

/** The source each signal type comes from: what capture reports, and what the store assumes
 * unless a signal (an import) said otherwise. */
export const SOURCE_TYPE_OF: Readonly<Record<SignalType, SourceType>> = signalTypeTable('source')

/** The seed contract's signal: exactly the four fields that may leave the machine. */
export const SeedSignal = z.object({
  timestamp: IsoUtc,
  app: AppId,
  type: SignalType,
  source_type: SourceType,
})
export type SeedSignal = z.infer<typeof SeedSignal>

/** A stored signal: the seed fields plus local extras that never leave the machine. */
export const LocalSignal = SeedSignal.extend({
  /** raw events coalesced into this (second, app, type) bucket */
  count: z.number().int().min(1),
  /** window title after redaction, when title capture is on; local only */
  title: z.string().max(1024).nullable().default(null),
})
export type LocalSignal = z.infer<typeof LocalSignal>

export const EntryStatus = z.enum(['pending', 'approved', 'rejected'])
export type EntryStatus = z.infer<typeof EntryStatus>

export const SyncState = z.enum(['local', 'queued', 'syncing', 'synced', 'conflicted', 'failed'])
export type SyncState = z.infer<typeof SyncState>

export const ActivityType = z.enum([
  'focused_work',
  'research',
  'communication',
  'meeting',
  'admin',
  'design',
  'writing',
  'mixed',
  'other',
])
export type ActivityType = z.infer<typeof ActivityType>

/** Why a project/client was proposed for an entry. */
export const SuggestionSource = z.enum(['rule', 'matter', 'learned', 'default'])

export const ContextData = z
  .object({
    confidence: z.number().min(0).max(1),
    applications: z.array(z.string()),
    primary_activity: z.string(),
    reasons: z.array(z.string()).default([]),
    narrative: z.string().optional(),
    suggestion_source: SuggestionSource.optional(),
    suggestion_reason: z.string().optional(),
  })
  .passthrough()
export type ContextData = z.infer<typeof ContextData>

/** An entry in the seed's TimeEntryResponse shape (pending-review). */
export const SeedEntry = z.object({
  started_at: IsoUtc,
  ended_at: IsoUtc,
  duration_minutes: z.number().min(0),
  status: EntryStatus,
  source: z.string(),
  activity_type: z.string(),
  project_id: z.string().nullable().optional(),
  client_id: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  context_data: ContextData.optional(),
})
export type SeedEntry = z.infer<typeof SeedEntry>

/** A local entry: the seed shape plus local id, origin and sync state. */
export const LocalEntry = z.object({
  id: z.string().min(1),
  started_at: IsoUtc,
  ended_at: IsoUtc,
  duration_minutes: z.number().min(0),
  status: EntryStatus,
  /** `auto` from local heuristics, `manual` typed by the user, `server` from pending-review */
  source: z.enum(['auto', 'manual', 'server']),
  activity_type: z.string(),
  project_id: z.string().nullable(),
  client_id: z.string().nullable(),
  notes: z.string().nullable(),
  context_data: ContextData,
  sync_state: SyncState,
  /** set once the user approved, rejected or edited it: heuristics never rewrite it again */
  user_touched: z.boolean(),
  server_ids: z.array(z.string()),
  sync_error: z.string().nullable(),
  created_at: IsoUtc,
  updated_at: IsoUtc,
})
export type LocalEntry = z.infer<typeof LocalEntry>

export const RedactionRule = z.object({
  /** app id the rule applies to, or `*` for every app */
  app: z.string().min(1),
  /** regular expression source, RE2 syntax (src/shared/userRegex.ts); matches are replaced by `replacement` ($1, $<name>, $&) */
  pattern: z.string().min(1),
  replacement: z.string().default('…'),
})
export type RedactionRule = z.infer<typeof RedactionRule>

export const ClassificationRule = z.object({
  id: z.string().min(1),
  priority: z.number().int().default(0),
  app: z.string().optional(),
  /** regular expression source (RE2 syntax, case-insensitive) matched against local window titles (and calendar event titles) */
  title_pattern: z.string().optional(),
  /** calendar meetings with an attendee (or organizer) of this e-mail domain or a subdomain; never matches app activity */
  attendee_domain: z.string().max(253).optional(),
  activity_type: z.string().optional(),
  project_id: z.string().nullable().optional(),
  client_id: z.string().nullable().optional(),
})
export type ClassificationRule = z.infer<typeof ClassificationRule>

/** Caps on every list in the settings: a settings document stays small enough to read on every change. */
export const SETTINGS_LIMITS = {
  meeting_apps: 100,
  redaction_rules: 200,
  excluded_apps: 500,
  app_aliases: 500,
  classification_rules: 500,
  client_billing_increments: 1000,
} as const

/** Thresholds are the seed's defaults (idle 5, merge 10, verify 0.5). */
export const Settings = z.object({
  idle_threshold_minutes: z.number().int().min(1).max(240).default(5),
  max_merge_idle_minutes: z.number().int().min(0).max(240).default(10),
  verify_confidence_threshold: z.number().min(0).max(1).default(0.5),
  meeting_idle_threshold_minutes: z.number().int().min(1).max(240).default(30),
  meeting_apps: z
    .array(z.string())
    .max(SETTINGS_LIMITS.meeting_apps)
    .default(['zoom', 'teams', 'meet', 'webex', 'slack-huddle']),
  billing_increment_minutes: z.union([z.literal(0), z.literal(6), z.literal(15)]).default(0),
  /** per-client billing increment (client id → minutes), overriding the global one in reports */
  client_billing_increments: z
    .record(z.string().min(1).max(200), z.union([z.literal(0), z.literal(6), z.literal(15)]))
    .refine(
      (map) => Object.keys(map).length <= SETTINGS_LIMITS.client_billing_increments,
      `at most ${SETTINGS_LIMITS.client_billing_increments} clients`,
    )
    .default({}),
  title_capture: z.boolean().default(true),
  /** private mode: capture keeps counting activity but records only "private" as the app, no title */
  private_mode: z.boolean().default(false),
  redaction_rules: z.array(RedactionRule).max(SETTINGS_LIMITS.redaction_rules).default([]),
  excluded_apps: z.array(z.string()).max(SETTINGS_LIMITS.excluded_apps).default([]),
  app_aliases: z
    .record(z.string(), z.string())
    .refine(
      (aliases) => Object.keys(aliases).length <= SETTINGS_LIMITS.app_aliases,
      `at most ${SETTINGS_LIMITS.app_aliases} app names`,
    )
    .default({}),
  classification_rules: z.array(ClassificationRule).max(SETTINGS_LIMITS.classification_rules).default([]),
  retention_days: z.number().int().min(1).max(3650).default(90),
  server_url: z.string().nullable().default(null),
  start_at_login: z.boolean().default(false),
  notifications: z.boolean().default(true),
  /** which calendar events become suggestions (#16): each skip rule can be turned off */
  calendar_skip_cancelled: z.boolean().default(true),
  calendar_skip_declined: z.boolean().default(true),
  calendar_skip_transparent: z.boolean().default(true),
  calendar_skip_all_day: z.boolean().default(true),
  calendar_skip_long: z.boolean().default(true),
  /** narrative drafts from event titles and attendee organisations (they may name clients) */
  calendar_narrative: z.boolean().default(false),
  /** LEDES 1998B (#30): the timekeeper this app's time belongs to, the firm's id, rates per client */
  timekeeper_id: z.string().max(20).default(''),
  /** "Surname, First" */
  timekeeper_name: z.string().max(100).default(''),
  /** PARTNR, ASSOC, OFCOUN, PARLEG, LGLAST, OTHR */
  timekeeper_classification: z.string().max(10).default(''),
  timekeeper_rate: z.number().min(0).max(100_000).default(0),
  law_firm_id: z.string().max(20).default(''),
  /** hourly rate per client id: used when the matter has none, before the timekeeper's */
  client_rates: z
    .record(z.string().min(1).max(200), z.number().min(0).max(100_000))
    .refine(
      (map) => Object.keys(map).length <= SETTINGS_LIMITS.client_billing_increments,
      `at most ${SETTINGS_LIMITS.client_billing_increments} clients`,
    )
    .default({}),
  /** client ids whose time needs UTBMS task and activity codes on every entry, whatever the matter list says (#30) */
  client_utbms_required: z
    .record(z.string().min(1).max(200), z.boolean())
    .refine(
      (map) => Object.keys(map).length <= SETTINGS_LIMITS.client_billing_increments,
      `at most ${SETTINGS_LIMITS.client_billing_increments} clients`,
    )
    .default({}),
  /** billing guidelines per client id (#30): rules switched off or other limits (shared/matters/guidelines.ts) */
  client_guidelines: z
    .record(
      z.string().min(1).max(200),
      z.partialRecord(
        z.enum(['BLOCK_BILLING', 'VAGUE_NARRATIVE', 'MIN_INCREMENT', 'DAILY_HOURS', 'MISSING_CODES', 'ADMIN_TASK']),
        z.object({ enabled: z.boolean().optional(), limit: z.number().min(0).max(1440).optional() }),
      ),
    )
    .refine(
      (map) => Object.keys(map).length <= SETTINGS_LIMITS.client_billing_increments,
      `at most ${SETTINGS_LIMITS.client_billing_increments} clients`,
    )
    .default({}),
  /** the firm's matter-number pattern (regular expression source, #30); null: common forms */
  matter_number_pattern: z
    .string()
    .max(500)
    // Matched on window titles with the linear-time engine (userRegex.ts): what it cannot take is refused here.
    .refine(
      (source) => compileUserRegex(source).ok,
      'not a regular expression the linear-time (RE2) engine takes: no lookaround or backreferences',
    )
    .nullable()
    .default(null),
})
export type Settings = z.infer<typeof Settings>
export const defaultSettings = (): Settings => Settings.parse({})
