// Settings → Privacy → Redaction rules: parts of titles matching a pattern are replaced before
// they are stored; one row per rule (app or *, pattern, replacement), edited in the Settings draft.
import type { RedactionRule } from '../../../shared/domain'
import { regexProblem } from './settingsFields'

export function RedactionRulesList({
  rules,
  onChange,
}: {
  rules: RedactionRule[]
  onChange(rules: RedactionRule[]): void
}) {
  const setRedaction = (i: number, patch: Partial<RedactionRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <>
      <h3>Redaction rules</h3>
      <p className="muted">Parts of titles matching a pattern are replaced before they are stored.</p>
      {rules.length === 0 && <p className="empty">No redaction rules.</p>}
      {rules.map((r, i) => (
        <div className="rule" key={i} role="group" aria-label={`Redaction rule ${i + 1}`}>
          <label>
            App (* = all)
            <input value={r.app} onChange={(e) => setRedaction(i, { app: e.target.value })} required />
          </label>
          <label>
            Pattern
            <input
              value={r.pattern}
              onChange={(e) => setRedaction(i, { pattern: e.target.value })}
              aria-invalid={Boolean(regexProblem(r.pattern))}
              required
            />
          </label>
          <label>
            Replace with
            <input value={r.replacement} onChange={(e) => setRedaction(i, { replacement: e.target.value })} />
          </label>
          <button
            type="button"
            onClick={() => onChange(rules.filter((_, j) => j !== i))}
            aria-label={`Remove redaction rule ${i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rules, { app: '*', pattern: '', replacement: '…' }])}>
        Add redaction rule
      </button>
    </>
  )
}
