// Settings persist as one JSON document. A corrupt document never blocks start-up: valid fields
// are kept, broken ones fall back to defaults, the raw text is preserved and the problem is shown.
import { userRegexProblems } from '../../shared/userRegex'
import { AppError } from '../base/appError'
import { defaultSettings, Settings } from '../../shared/domain'
import type { WritableDB } from './database'
import { prepared } from './prepared'

const KEY = 'settings'

export interface SettingsStore {
  get(): Settings
  /** changes only the fields named in `patch`, then calls onChange (settings.changed) */
  update(patch: Partial<Settings>): Settings
  /** why stored settings could not be read as they were, if they could not */
  problem(): string | null
}

/**
 * `onChange` runs after every update, whoever made it (settings form, tray, capture handlers,
 * start at login): createCore emits settings.changed from it, so every view stays in sync.
 */
export function createSettingsStore(
  db: WritableDB,
  now: () => number,
  onChange: (settings: Settings) => void = () => {},
): SettingsStore {
  const read = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?')
  const write = prepared<[string, string]>(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  let problem: string | null = null
  let current = load()

  function load(): Settings {
    const row = read.get(KEY)
    if (!row) return defaultSettings()
    let raw: unknown
    try {
      raw = JSON.parse(row.value)
    } catch {
      return salvage(row.value, {}, 'settings were not valid JSON; defaults restored')
    }
    const parsed = Settings.safeParse(raw)
    if (parsed.success) return parsed.data
    const broken = parsed.error.issues.map((issue) => String(issue.path[0] ?? '')).filter(Boolean)
    return salvage(row.value, raw, `invalid settings reset to defaults: ${[...new Set(broken)].join(', ')}`)
  }

  function salvage(rawText: string, raw: unknown, reason: string): Settings {
    // Keep the unreadable original so nothing the user set is lost for good.
    write.run(`${KEY}.corrupt.${now()}`, rawText)
    const result: Record<string, unknown> = { ...defaultSettings() }
    if (raw && typeof raw === 'object') {
      for (const [key, value] of Object.entries(raw)) {
        const field = Settings.shape[key as keyof Settings]
        if (field && field.safeParse(value).success) result[key] = value
      }
    }
    problem = reason
    const settings = Settings.parse(result)
    write.run(KEY, JSON.stringify(settings))
    return settings
  }

  return {
    get: () => current,
    update(patch) {
      // Only the keys present change; a key given as undefined is not a request to reset it.
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      const next = Settings.parse({ ...current, ...changes })
      // New patterns must compile with the linear-time engine. Stored ones it cannot take (saved
      // before it was used) stay, reported as broken by capture and the classifier: a settings
      // form that sends them back unchanged is not refused for them.
      const oldRedaction = new Set(current.redaction_rules.map((rule) => rule.pattern))
      const oldTitles = new Set(current.classification_rules.map((rule) => rule.title_pattern))
      const regexProblems = userRegexProblems({
        redaction_rules: next.redaction_rules.filter((rule) => !oldRedaction.has(rule.pattern)),
        classification_rules: next.classification_rules.filter((rule) => !oldTitles.has(rule.title_pattern)),
      })
      if (regexProblems.length > 0) throw new AppError('invalid_input', regexProblems.join('; '))
      current = next
      write.run(KEY, JSON.stringify(current))
      problem = null
      onChange(current)
      return current
    },
    problem: () => problem,
  }
}
