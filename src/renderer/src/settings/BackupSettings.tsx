// Settings → Backups and diagnostics: when the last verified backup was taken, "Restore…" (pick
// one; the app closes its database, restores it — keeping the current one aside — and restarts),
// and "Copy diagnostics" for a bug report (version, OS, capture health, sync state, log tail;
// scrubbed by main, never titles or tokens).
import { useCallback, useEffect, useId, useState } from 'react'
import type { BackupSummary } from '../../../shared/contract/app'
import { errorMessage } from '../../../shared/errorMessage'
import { useAppStore } from '../state/appStore'

const KIND_LABEL = { daily: 'daily', 'pre-migration': 'before an update', manual: 'manual' } as const
const describeBackup = (b: BackupSummary['backups'][number]) =>
  `${new Date(b.created_at).toLocaleString()} (${KIND_LABEL[b.kind]}, ${(b.bytes / (1024 * 1024)).toFixed(1)} MB)`

export function BackupSettings() {
  const api = useAppStore((s) => s.api)
  const [summary, setSummary] = useState<BackupSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [listProblem, setListProblem] = useState<string | null>(null)
  const [choosing, setChoosing] = useState(false)
  const [selected, setSelected] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const [diagnostics, setDiagnostics] = useState<string | null>(null)
  const selectId = useId()

  const load = useCallback(async () => {
    if (!api) return
    try {
      setSummary(await api.call('backups.list', null))
    } catch (e) {
      // Shown in place of the summary (not as an alert: nothing the user did failed).
      setListProblem(`Backups could not be read: ${errorMessage(e)}`)
    }
  }, [api])
  useEffect(() => void load(), [load])

  async function restore() {
    if (!api || !selected) return
    setError(null)
    try {
      await api.call('backups.restore', { name: selected })
      setNotice('Restoring… BillOps Tracker restarts in a moment.')
    } catch (e) {
      setError(`Could not restore: ${errorMessage(e)}`)
    }
  }

  async function copyDiagnostics() {
    if (!api) return
    setError(null)
    try {
      const { text } = await api.call('app.getDiagnostics', null)
      try {
        await navigator.clipboard.writeText(text)
        setDiagnostics(null)
        setNotice('Diagnostics copied to the clipboard.')
      } catch {
        // No clipboard access: show it to copy by hand.
        setDiagnostics(text)
      }
    } catch (e) {
      setError(`Could not collect diagnostics: ${errorMessage(e)}`)
    }
  }

  const last = summary?.backups[0] ?? null
  return (
    <fieldset className="settings__section" data-testid="backup-settings">
      <legend>Backups and diagnostics</legend>
      <p data-testid="last-backup">
        {summary === null
          ? (listProblem ?? 'Reading backups…')
          : last
            ? `Last backup: ${describeBackup(last)}. ${summary.backups.length} kept in ${summary.folder}.`
            : 'No backup yet: the first one is taken after the app has run for a minute, then once a day.'}
      </p>
      <div className="sync-settings__row">
        <button
          type="button"
          disabled={!summary || summary.backups.length === 0}
          onClick={() => setChoosing((c) => !c)}
        >
          Restore…
        </button>
        <button type="button" disabled={!api} onClick={() => void copyDiagnostics()}>
          Copy diagnostics
        </button>
      </div>
      {choosing && summary && (
        <div className="sync-settings__row">
          <label className="field" htmlFor={selectId}>
            Backup to restore
          </label>
          <select id={selectId} value={selected} onChange={(e) => setSelected(e.target.value)}>
            <option value="">Choose a backup…</option>
            {summary.backups.map((b) => (
              <option key={b.name} value={b.name}>
                {describeBackup(b)}
              </option>
            ))}
          </select>
          <button type="button" disabled={!selected} onClick={() => void restore()}>
            Restore and restart
          </button>
          <small className="muted">
            Time recorded since that backup is replaced; the current database is kept beside it, not deleted.
          </small>
        </div>
      )}
      {notice && <p role="status">{notice}</p>}
      {diagnostics && <textarea readOnly aria-label="Diagnostics" rows={10} value={diagnostics} />}
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
