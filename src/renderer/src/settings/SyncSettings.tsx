// Server and token: the URL is checked by main (https, or http for localhost); the token is
// write-only — the app never shows it again, only whether one is set and how it is stored.
import { useEffect, useState, type FormEvent } from 'react'
import { formatClock } from '../format'
import { useSyncStore } from '../state/syncStore'

export function SyncSettings() {
  const { status, error, busy, load, setServer, setToken, clearToken, syncNow } = useSyncStore()
  const [url, setUrl] = useState(status?.server_url ?? '')
  const [token, setTokenText] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  useEffect(() => {
    if (!status) void load()
  }, [status, load])
  // Follow the saved URL, but not every status event (sync runs would clobber typing).
  const savedUrl = status?.server_url ?? ''
  useEffect(() => setUrl(savedUrl), [savedUrl])

  async function saveServer(event: FormEvent) {
    event.preventDefault()
    if (await setServer(url.trim())) setSaved('Server saved.')
  }
  async function saveToken(event: FormEvent) {
    event.preventDefault()
    if (await setToken(token)) {
      setTokenText('')
      setSaved('Token saved.')
    }
  }

  return (
    <fieldset className="settings__section" aria-describedby="sync-help">
      <legend>BillOps server</legend>
      <p id="sync-help" className="muted">
        Only approved time leaves this machine: the four activity fields of approved spans, never window titles.
      </p>
      <form className="sync-settings__row" onSubmit={saveServer}>
        <label className="field">
          Server URL
          <input
            type="url"
            value={url}
            placeholder="https://billops.example.com"
            onChange={(e) => setUrl(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          Save server
        </button>
      </form>
      <form className="sync-settings__row" onSubmit={saveToken}>
        <label className="field">
          Access token {status?.token_set ? '(set — enter a new one to replace it)' : '(not set)'}
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setTokenText(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy || !token.trim()}>
          Save token
        </button>
        {status?.token_set && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void clearToken().then((ok) => ok && setSaved('Token removed.'))}
          >
            Forget token
          </button>
        )}
      </form>
      {status?.secret_warning && (
        <p role="alert" className="form__error">
          {status.secret_warning}
        </p>
      )}
      <div className="sync-settings__row">
        <button
          type="button"
          disabled={busy || !status?.server_url || !status.token_set}
          onClick={() => void syncNow()}
        >
          Sync now
        </button>
        <span className="muted" data-testid="sync-detail">
          {status?.last_result
            ? `Last sync ${formatClock(status.last_result.finished_at)}: ${status.last_result.outcome}${status.last_result.message ? ` — ${status.last_result.message}` : ''}`
            : 'Not synced yet'}
          {status
            ? ` · ${status.counts.pending} queued, ${status.counts.synced} synced, ${status.counts.failed} failed`
            : ''}
        </span>
      </div>
      {saved && <span role="status">{saved}</span>}
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
