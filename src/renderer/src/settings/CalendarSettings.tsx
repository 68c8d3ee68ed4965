// Settings → Calendars (#16): an .ics file or an https subscription (refreshed every 15 min),
// the user's own addresses (to read their attendance), each source's fetch state and last
// error, and which events become suggestions. Event data stays on this machine.
import { useEffect, useId, useState } from 'react'
import { describeSkipped } from '../../../shared/calendar/types'
import type { CalendarSource } from '../../../shared/contract/calendar'
import type { Settings } from '../../../shared/domain'
import { formatClock, localDayKey } from '../format'
import { useCalendarStore } from '../state/calendarStore'
import { useSettingsStore } from '../state/settingsStore'

type CalendarToggle =
  | 'calendar_skip_cancelled'
  | 'calendar_skip_declined'
  | 'calendar_skip_transparent'
  | 'calendar_skip_all_day'
  | 'calendar_skip_long'
  | 'calendar_narrative'

const TOGGLES: { key: CalendarToggle; label: string }[] = [
  { key: 'calendar_skip_cancelled', label: 'Skip cancelled events' },
  { key: 'calendar_skip_declined', label: 'Skip events I declined' },
  { key: 'calendar_skip_transparent', label: 'Skip events shown as free' },
  { key: 'calendar_skip_all_day', label: 'Skip all-day events' },
  { key: 'calendar_skip_long', label: 'Skip events of 12 hours or more' },
  { key: 'calendar_narrative', label: 'Draft narratives from event titles and attendee organisations' },
]

const parseEmails = (text: string) => text.split(/[\s,;]+/).filter(Boolean)

function fetchStateText(source: CalendarSource): string {
  const when = source.last_attempt_at ? ` at ${formatClock(source.last_attempt_at)}` : ''
  switch (source.fetch_state) {
    case 'ok':
      return `Updated${when}`
    case 'not_modified':
      return `Checked${when}: unchanged`
    case 'failed':
      return `Failed${when}: ${source.last_error ?? 'unknown error'}`
    default:
      return 'Not fetched yet'
  }
}

/** What the file holds and when (#23): a past calendar shows where its events are, not "0 events". */
function contentsText(source: CalendarSource): string {
  const contents = source.contents
  if (!contents) return 'Not read yet'
  if (contents.events === 0) return 'No events'
  const from = contents.first_start_at ? localDayKey(contents.first_start_at) : '?'
  const to = contents.open_ended ? 'ongoing' : contents.last_end_at ? localDayKey(contents.last_end_at) : '?'
  return from === to ? `${contents.events} events on ${from}` : `${contents.events} events, ${from} – ${to}`
}

function SourceItem({ source, busy, onRemove }: { source: CalendarSource; busy: boolean; onRemove(): void }) {
  const skipped = describeSkipped(source.skipped)
  return (
    <li className="calendar-source" data-testid="calendar-source" data-state={source.fetch_state}>
      <span className="calendar-source__name">
        {source.kind === 'url' ? 'Subscription' : 'File'}: {source.location}
      </span>{' '}
      <span className="muted">
        {contentsText(source)} · {fetchStateText(source)}
        {source.expansion_cut_short > 0 && ' · too big to expand in time: some meetings may be missing'}
        {source.my_emails.length > 0 && ` · as ${source.my_emails.join(', ')}`}
      </span>{' '}
      {skipped && (
        <span className="calendar-source__skipped" data-testid="calendar-skipped">
          {skipped}
        </span>
      )}{' '}
      <button type="button" disabled={busy} onClick={onRemove} aria-label={`Remove calendar ${source.location}`}>
        Remove
      </button>
    </li>
  )
}

function CalendarToggles() {
  const settings = useSettingsStore((s) => s.settings)
  const save = useSettingsStore((s) => s.save)
  if (!settings) return null
  const toggle = (key: CalendarToggle, value: boolean) => void save({ [key]: value } as Partial<Settings>)
  return (
    <fieldset className="calendar-toggles">
      <legend>Which events become suggestions</legend>
      {TOGGLES.map(({ key, label }) => (
        <label key={key} className="checkbox">
          <input type="checkbox" checked={settings[key]} onChange={(e) => toggle(key, e.target.checked)} /> {label}
        </label>
      ))}
    </fieldset>
  )
}

export function CalendarSettings() {
  const { sources, busy, error, load, addFile, addUrl, remove, refresh } = useCalendarStore()
  const [file, setFile] = useState<File | null>(null)
  const [url, setUrl] = useState('')
  const [emails, setEmails] = useState('')
  const ids = { file: useId(), url: useId(), emails: useId() }
  useEffect(() => {
    void load()
  }, [load])

  return (
    <fieldset className="settings__section" data-testid="calendar-settings">
      <legend>Calendars</legend>
      <p className="muted">
        Meetings from your calendar become suggestions, checked against what this machine saw. Event details stay on
        this machine.
      </p>
      {sources.length === 0 ? (
        <p>No calendars yet.</p>
      ) : (
        <ul className="calendar-sources" aria-label="Calendars">
          {sources.map((source) => (
            <SourceItem key={source.id} source={source} busy={busy} onRemove={() => void remove(source.id)} />
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={ids.emails}>Your e-mail addresses (to read whether you accepted)</label>
        <input
          id={ids.emails}
          type="text"
          value={emails}
          placeholder="me@firm.com"
          onChange={(e) => setEmails(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.file}>Calendar file (.ics)</label>
        <input
          id={ids.file}
          type="file"
          accept=".ics,text/calendar"
          disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <button type="button" disabled={!file || busy} onClick={() => file && void addFile(file, parseEmails(emails))}>
          Add file
        </button>
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Subscription URL (https)</label>
        <input
          id={ids.url}
          type="url"
          value={url}
          placeholder="https://calendar.example.com/me.ics"
          onChange={(e) => setUrl(e.target.value)}
        />
        <button
          type="button"
          disabled={!url.trim() || busy}
          onClick={() => void addUrl(url.trim(), parseEmails(emails)).then((added) => added && setUrl(''))}
        >
          Add subscription
        </button>
      </div>
      <div>
        <button type="button" disabled={busy || sources.length === 0} onClick={() => void refresh()}>
          Refresh now
        </button>
      </div>
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
      <CalendarToggles />
    </fieldset>
  )
}
