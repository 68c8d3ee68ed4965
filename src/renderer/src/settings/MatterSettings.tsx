// Settings → Matters (#30): pick the firm's matter export (CSV or JSON), see which column feeds
// which field and which rows cannot be matters, then import. Importing again updates matters.
import { useEffect, useId, useState } from 'react'
import type { MatterImportReport } from '../../../shared/contract/matters'
import { errorMessage } from '../../../shared/errorMessage'
import { useAppStore } from '../state/appStore'
import { readText } from '../state/importStore'
import { useProjectsStore } from '../state/projectsStore'

/** Larger lists go through `billops matters import` (one call carries the whole text). */
const MATTER_FILE_MAX_BYTES = 16 * 1024 * 1024

const FIELD_LABELS: Record<string, string> = {
  number: 'Matter number',
  name: 'Matter name',
  client: 'Client',
  client_matter_id: 'Client matter id',
  client_code: 'Client number',
  aliases: 'Aliases / keywords',
  parties: 'Parties',
  domains: 'E-mail domains',
  utbms_required: 'UTBMS required',
  rate: 'Rate',
}

function Mapping({ report }: { report: MatterImportReport }) {
  return (
    <div data-testid="matter-mapping">
      <table className="matter-mapping">
        <caption>Columns in the file</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Read from column</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(FIELD_LABELS).map(([field, label]) => (
            <tr key={field}>
              <th scope="row">{label}</th>
              <td>
                {report.mapping.fields[field as keyof typeof report.mapping.fields] ?? (
                  <span className="muted">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.mapping.unused.length > 0 && <p className="muted">Not used: {report.mapping.unused.join(', ')}</p>}
      {report.mapping.missing.length > 0 && (
        <p role="alert" className="form__error">
          No column for {report.mapping.missing.map((f) => FIELD_LABELS[f] ?? f).join(', ')}: the file cannot be
          imported.
        </p>
      )}
      {report.problems.length > 0 && (
        <details>
          <summary>
            {report.problems.length} row{report.problems.length === 1 ? '' : 's'} will be skipped
          </summary>
          <ul>
            {report.problems.slice(0, 50).map((p) => (
              <li key={p.row}>
                Row {p.row}: {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

export function MatterSettings() {
  const api = useAppStore((s) => s.api)
  const [count, setCount] = useState<number | null>(null)
  const [text, setText] = useState<string | null>(null)
  const [preview, setPreview] = useState<MatterImportReport | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const fileId = useId()

  useEffect(() => {
    if (api)
      void api.call('matters.list', null).then(
        (list) => setCount(list.length),
        () => setCount(null),
      )
  }, [api])

  async function run<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    setBusy(true)
    setError(null)
    try {
      return await call()
    } catch (e) {
      setError(`${what}: ${errorMessage(e)}`)
      return null
    } finally {
      setBusy(false)
    }
  }

  async function pick(file: File | undefined) {
    setPreview(null)
    setDone(null)
    setText(null)
    if (!file || !api) return
    if (file.size > MATTER_FILE_MAX_BYTES)
      return setError(`${file.name} is larger than 16 MB: use billops matters import`)
    const content = await readText(file)
    const report = await run('Could not read the matter list', () =>
      api.call('matters.preview', { text: content, format: 'auto' }),
    )
    if (report) {
      setText(content)
      setPreview(report)
    }
  }

  async function importNow() {
    if (!api || text === null) return
    const report = await run('Import failed', () => api.call('matters.import', { text, format: 'auto' }))
    const result = report?.imported
    if (!result) return
    setPreview(null)
    setText(null)
    setDone(
      `Imported: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged; ${result.projects_matched} existing projects matched.`,
    )
    setCount((await api.call('matters.list', null)).length)
    // matters became projects and clients: the queue's names and the quick pick follow
    await useProjectsStore.getState().load()
  }

  return (
    <fieldset className="settings__section" data-testid="matter-settings">
      <legend>Matters</legend>
      <p className="muted">
        Import your firm&rsquo;s matter list (CSV or JSON from your practice-management system). Suggestions then name
        the matter found in window titles, documents and e-mail subjects; titles stay on this machine.
      </p>
      <p>{count === null ? 'Matter list not loaded.' : count === 0 ? 'No matters yet.' : `${count} matters.`}</p>
      <div className="field">
        <label htmlFor={fileId}>Matter list (.csv or .json)</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          disabled={busy}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
      </div>
      {preview && (
        <>
          <Mapping report={preview} />
          <button
            type="button"
            disabled={busy || preview.mapping.missing.length > 0 || preview.read === 0}
            onClick={() => void importNow()}
          >
            Import {preview.read} matter{preview.read === 1 ? '' : 's'}
          </button>
        </>
      )}
      {done && (
        <p role="status" data-testid="matter-import-result">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
