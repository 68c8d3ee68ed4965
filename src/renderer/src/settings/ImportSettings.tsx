// Settings → Import: history recorded elsewhere (a BillOps/seed ingest request, or an ActivityWatch
// export) becomes signals here, and so suggestions in the review queue. The same import as
// `cli import`: usable signals are kept, the rest listed with reasons.
import { useId, useState } from 'react'
import type { ImportFileFormat, ImportSummary } from '../../../shared/contract/import'
import { useImportStore } from '../state/importStore'

const FORMATS: { value: ImportFileFormat; label: string }[] = [
  { value: 'auto', label: 'Detect from the file' },
  { value: 'seed', label: 'BillOps ingest request (activity_signals JSON)' },
  { value: 'activitywatch', label: 'ActivityWatch export (Settings → Export all buckets)' },
]

/** Skipped signals listed in the summary; the rest are counted. */
const SKIPPED_SHOWN = 10

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`

function Summary({ result }: { result: ImportSummary }) {
  const unknown = Object.entries(result.unknown_types)
  const shown = result.skipped.slice(0, SKIPPED_SHOWN)
  return (
    <div className="import__result" data-testid="import-result">
      <p role="status">
        Imported {plural(result.imported, 'signal')}
        {result.first_at && result.last_at ? ` from ${result.first_at} to ${result.last_at}` : ''}
        {result.format === 'activitywatch' ? ' (ActivityWatch)' : ''}. New suggestions appear in the review queue.
      </p>
      {result.excluded > 0 && (
        <p className="muted">{plural(result.excluded, 'signal')} of excluded apps were left out.</p>
      )}
      {unknown.length > 0 && (
        <p data-testid="import-unknown">
          Unknown signal names, imported as activity:{' '}
          {unknown.map(([name, count]) => `${name} (${count.toLocaleString()})`).join(', ')}
        </p>
      )}
      {result.skipped_total > 0 && (
        <div data-testid="import-skipped">
          <p>Skipped {plural(result.skipped_total, 'signal')} that could not be used:</p>
          <ul>
            {shown.map((s) => (
              <li key={s.index}>
                #{s.index}: {s.reason}
              </li>
            ))}
          </ul>
          {result.skipped_total > shown.length && (
            <p className="muted">…and {(result.skipped_total - shown.length).toLocaleString()} more.</p>
          )}
        </div>
      )}
    </div>
  )
}

export function ImportSettings() {
  const { phase, fileName, sent, total, result, error, run } = useImportStore()
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState<ImportFileFormat>('auto')
  const fileId = useId()
  const formatId = useId()
  const running = phase === 'reading' || phase === 'sending' || phase === 'importing'

  return (
    <fieldset className="settings__section" data-testid="import-settings">
      <legend>Import</legend>
      <p className="muted">
        Bring in activity recorded by another tool: signals that cannot be used are listed, the rest become suggestions.
      </p>
      <div className="field">
        <label htmlFor={formatId}>Format</label>
        <select
          id={formatId}
          value={format}
          onChange={(e) => setFormat(e.target.value as ImportFileFormat)}
          disabled={running}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fileId}>File to import</label>
        <input
          id={fileId}
          type="file"
          accept=".json,application/json"
          disabled={running}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div>
        <button
          type="button"
          className="primary"
          disabled={!file || running}
          onClick={() => file && void run(file, format)}
        >
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {running && (
        <div className="import__progress">
          <progress
            aria-label="Import progress"
            max={phase === 'sending' ? Math.max(total, 1) : undefined}
            value={phase === 'sending' ? sent : undefined}
          />
          <span className="muted" data-testid="import-phase">
            {phase === 'reading'
              ? `Reading ${fileName ?? 'the file'}…`
              : phase === 'sending'
                ? `Sending ${Math.floor((sent / Math.max(total, 1)) * 100)}%…`
                : 'Importing…'}
          </span>
        </div>
      )}
      {phase === 'failed' && error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
      {phase === 'done' && result && <Summary result={result} />}
    </fieldset>
  )
}
