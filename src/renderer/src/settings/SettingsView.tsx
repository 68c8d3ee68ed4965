// Settings: every field of the Settings schema, edited as a draft and saved in one call. Lists
// (apps, rules) are edited row by row; regular expressions are checked before saving. The save
// sends only the fields the user changed, and a change made elsewhere (tray, sync, another
// window: settings.changed) shows up at once in every field the user has not edited.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { billedMinutes } from '../../../shared/contract/entries'
import type { Settings } from '../../../shared/domain'
import { ViewHeading } from '../components/ViewHeading'
import { useSettingsStore } from '../state/settingsStore'
import { BackupSettings } from './BackupSettings'
import { CalendarSettings } from './CalendarSettings'
import { CaptureSettings } from './CaptureSettings'
import { BillingSettings } from './BillingSettings'
import { MatterSettings } from './MatterSettings'
import { ImportSettings } from './ImportSettings'
import { ProjectsSettings } from './ProjectsSettings'
import { SyncSettings } from './SyncSettings'
import { ClassificationRulesSection } from './ClassificationRulesSection'
import { RedactionRulesList } from './RedactionRulesList'
import { aliasText, changedSettings, lines, NumberField, regexProblem, Section } from './settingsFields'

export function SettingsView() {
  const { settings, phase, error, saving, load, save } = useSettingsStore()
  const [draft, setDraft] = useState<Settings | null>(settings)
  const [meetingApps, setMeetingApps] = useState('')
  const [excludedApps, setExcludedApps] = useState('')
  const [aliases, setAliases] = useState('')
  const [saved, setSaved] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  /** the fields the user edited since the last save or revert */
  const edited = useRef(new Set<keyof Settings>())

  useEffect(() => {
    if (phase === 'idle') void load()
  }, [phase, load])
  useEffect(() => {
    if (!settings) return
    // New settings (loaded, saved, or changed elsewhere): take them, keeping the user's edits.
    const mine = edited.current
    setDraft((current) => {
      if (!current) return settings
      const next: Record<string, unknown> = { ...settings }
      for (const key of mine) next[key] = current[key]
      return next as Settings
    })
    if (!mine.has('meeting_apps')) setMeetingApps(settings.meeting_apps.join('\n'))
    if (!mine.has('excluded_apps')) setExcludedApps(settings.excluded_apps.join('\n'))
    if (!mine.has('app_aliases')) setAliases(aliasText(settings.app_aliases))
  }, [settings])

  if (phase === 'loading' || (phase === 'idle' && !settings)) {
    return (
      <p role="status" aria-busy="true">
        Loading settings…
      </p>
    )
  }
  if (!draft) {
    return (
      <div role="alert">
        <p>{error ?? 'Settings are not available.'}</p>
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    )
  }

  const touch = (key: keyof Settings) => {
    setSaved(false)
    edited.current.add(key)
  }
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    touch(key)
    setDraft({ ...draft, [key]: value })
  }
  const revert = () => {
    if (!settings) return
    edited.current = new Set()
    setDraft(settings)
    setMeetingApps(settings.meeting_apps.join('\n'))
    setExcludedApps(settings.excluded_apps.join('\n'))
    setAliases(aliasText(settings.app_aliases))
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!draft) return
    const bad =
      draft.redaction_rules
        .map((r) => regexProblem(r.pattern) && `Redaction pattern "${r.pattern}": ${regexProblem(r.pattern)}`)
        .find(Boolean) ??
      draft.classification_rules
        .map(
          (r) =>
            regexProblem(r.title_pattern) &&
            `Rule title pattern "${r.title_pattern}": ${regexProblem(r.title_pattern)}`,
        )
        .find(Boolean) ??
      null
    if (bad) {
      setProblem(bad)
      return
    }
    setProblem(null)
    const next: Settings = {
      ...draft,
      meeting_apps: lines(meetingApps),
      excluded_apps: lines(excludedApps),
      app_aliases: Object.fromEntries(
        aliases
          .split('\n')
          .map((line) => line.split('=').map((part) => part.trim()))
          .filter((parts): parts is [string, string] => parts.length === 2 && Boolean(parts[0]) && Boolean(parts[1])),
      ),
      redaction_rules: draft.redaction_rules.filter((r) => r.pattern.trim()),
      classification_rules: draft.classification_rules.map((r) => ({
        ...r,
        app: r.app?.trim() || undefined,
        title_pattern: r.title_pattern?.trim() || undefined,
        project_id: r.project_id?.trim() || null,
        client_id: r.client_id?.trim() || null,
        activity_type: r.activity_type || undefined,
      })),
    }
    const patch = settings ? changedSettings(settings, next, edited.current) : next
    const ok = Object.keys(patch).length === 0 || (await save(patch))
    if (ok) edited.current = new Set()
    setSaved(ok)
  }

  const inc = draft.billing_increment_minutes as 0 | 6 | 15
  return (
    <div className="settings">
      <ViewHeading visuallyHidden>Settings</ViewHeading>
      <form className="settings" onSubmit={submit} aria-label="Settings" data-testid="settings">
        <Section title="Detection thresholds">
          <NumberField
            label="Idle after (minutes)"
            min={1}
            max={240}
            value={draft.idle_threshold_minutes}
            onChange={(v) => set('idle_threshold_minutes', v)}
            help="No input for this long counts as away; coming back asks what the time was."
          />
          <NumberField
            label="Merge gaps up to (minutes)"
            min={0}
            max={240}
            value={draft.max_merge_idle_minutes}
            onChange={(v) => set('max_merge_idle_minutes', v)}
            help="Activity separated by shorter gaps becomes one entry."
          />
          <NumberField
            label="Verify below confidence"
            min={0}
            max={1}
            step={0.05}
            value={draft.verify_confidence_threshold}
            onChange={(v) => set('verify_confidence_threshold', v)}
            help="Suggestions less sure than this get a Verify badge."
          />
          <NumberField
            label="Idle in meeting apps after (minutes)"
            min={1}
            max={240}
            value={draft.meeting_idle_threshold_minutes}
            onChange={(v) => set('meeting_idle_threshold_minutes', v)}
            help="Listening in a call is work without typing."
          />
          <div className="field">
            <label htmlFor="meeting-apps">Meeting apps (one per line)</label>
            <textarea
              id="meeting-apps"
              rows={3}
              value={meetingApps}
              onChange={(e) => {
                touch('meeting_apps')
                setMeetingApps(e.target.value)
              }}
            />
          </div>
        </Section>

        <Section title="Billing">
          <div role="radiogroup" aria-label="Billing increment" className="radios">
            {([0, 6, 15] as const).map((n) => (
              <label key={n}>
                <input
                  type="radio"
                  name="increment"
                  checked={inc === n}
                  onChange={() => set('billing_increment_minutes', n)}
                />
                {n === 0 ? 'No rounding' : `${n} minutes${n === 6 ? ' (0.1 h)' : ' (0.25 h)'}`}
              </label>
            ))}
          </div>
          <p className="muted" data-testid="rounding-explanation">
            {inc === 0
              ? 'Entries bill their exact duration, to the nearest minute.'
              : `Each entry is rounded up to the next ${inc}-minute increment: 7 minutes bill as ${billedMinutes(7, inc)}, ${inc * 2} minutes stay ${billedMinutes(inc * 2, inc)}, ${inc * 2 + 1} minutes bill as ${billedMinutes(inc * 2 + 1, inc)}. The queue shows the billed duration next to the real one; the recorded time is never changed.`}
          </p>
        </Section>

        <CaptureSettings />

        <Section title="Privacy">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.title_capture}
              onChange={(e) => set('title_capture', e.target.checked)}
            />
            Capture window titles (kept on this machine only, used for rules)
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.private_mode}
              onChange={(e) => set('private_mode', e.target.checked)}
            />
            Private mode (activity is counted, but apps and titles are recorded only as “private”)
          </label>
          <RedactionRulesList rules={draft.redaction_rules} onChange={(rules) => set('redaction_rules', rules)} />
          <div className="field">
            <label htmlFor="excluded-apps">Excluded apps (never tracked, one per line)</label>
            <textarea
              id="excluded-apps"
              rows={3}
              value={excludedApps}
              onChange={(e) => {
                touch('excluded_apps')
                setExcludedApps(e.target.value)
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="app-aliases">App names (one per line: detected id = name to show)</label>
            <textarea
              id="app-aliases"
              rows={2}
              value={aliases}
              placeholder="code-oss = vscode"
              onChange={(e) => {
                touch('app_aliases')
                setAliases(e.target.value)
              }}
            />
          </div>
        </Section>

        <ClassificationRulesSection
          rules={draft.classification_rules}
          onChange={(rules) => set('classification_rules', rules)}
        />

        <Section title="Start-up and storage">
          <NumberField
            label="Keep raw activity for (days)"
            min={1}
            max={3650}
            value={draft.retention_days}
            onChange={(v) => set('retention_days', v)}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={draft.start_at_login}
              onChange={(e) => set('start_at_login', e.target.checked)}
            />
            Start at login
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.notifications}
              onChange={(e) => set('notifications', e.target.checked)}
            />
            Notify me when time awaits review
          </label>
        </Section>

        <div className="settings__actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" onClick={revert} disabled={saving}>
            Revert
          </button>
          {saved && (
            <span role="status" data-testid="settings-saved">
              Saved.
            </span>
          )}
          {(problem ?? error) && (
            <span role="alert" className="form__error">
              {problem ?? error}
            </span>
          )}
        </div>
      </form>
      <ProjectsSettings />
      <SyncSettings />
      <CalendarSettings />
      <MatterSettings />
      <BillingSettings />
      <ImportSettings />
      <BackupSettings />
    </div>
  )
}
