// Settings → Classification rules: one row per rule (app, title pattern, activity, project,
// client, priority), edited in the Settings draft; the form checks the patterns before it saves.
import type { ClassificationRule } from '../../../shared/domain'
import { regexProblem, Section } from './settingsFields'
import { ActivityOptions } from '../components/ActivityOptions'

export function ClassificationRulesSection({
  rules,
  onChange,
}: {
  rules: ClassificationRule[]
  onChange(rules: ClassificationRule[]): void
}) {
  const setRule = (i: number, patch: Partial<ClassificationRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Section title="Classification rules">
      <p className="muted">
        Pending suggestions you have not touched are re-classified when rules change; entries you edited stay as they
        are.
      </p>
      {rules.length === 0 && <p className="empty">No rules: suggestions use what was learned and the defaults.</p>}
      {rules.map((r, i) => (
        <div
          className="rule"
          key={r.id}
          role="group"
          aria-label={`Classification rule ${i + 1}`}
          data-testid="classification-rule"
        >
          <label>
            App
            <input value={r.app ?? ''} onChange={(e) => setRule(i, { app: e.target.value })} />
          </label>
          <label>
            Title pattern
            <input
              value={r.title_pattern ?? ''}
              onChange={(e) => setRule(i, { title_pattern: e.target.value })}
              aria-invalid={Boolean(regexProblem(r.title_pattern))}
            />
          </label>
          <label>
            Activity
            <select
              value={r.activity_type ?? ''}
              onChange={(e) => setRule(i, { activity_type: e.target.value || undefined })}
            >
              <option value="">(keep)</option>
              <ActivityOptions />
            </select>
          </label>
          <label>
            Project
            <input value={r.project_id ?? ''} onChange={(e) => setRule(i, { project_id: e.target.value })} />
          </label>
          <label>
            Client
            <input value={r.client_id ?? ''} onChange={(e) => setRule(i, { client_id: e.target.value })} />
          </label>
          <label>
            Priority
            <input
              type="number"
              value={r.priority}
              onChange={(e) =>
                setRule(i, {
                  priority: Number.isFinite(e.target.valueAsNumber) ? Math.trunc(e.target.valueAsNumber) : 0,
                })
              }
            />
          </label>
          <button
            type="button"
            onClick={() => onChange(rules.filter((_, j) => j !== i))}
            aria-label={`Remove classification rule ${i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          onChange([
            ...rules,
            {
              id: `rule-${Date.now().toString(36)}`,
              priority: 0,
              app: '',
              title_pattern: '',
              project_id: null,
              client_id: null,
            },
          ])
        }
      >
        Add classification rule
      </button>
    </Section>
  )
}
