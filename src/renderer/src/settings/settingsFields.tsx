// The Settings form's small parts: a number field with its help line, a titled section, the
// text forms of lists and aliases, the regex check the save repeats, and which fields changed.
import { useId, type ReactNode } from 'react'
import type { Settings } from '../../../shared/domain'
import { compileUserRegex } from '../../../shared/userRegex'

export const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)

export const aliasText = (aliases: Settings['app_aliases']) =>
  Object.entries(aliases)
    .map(([from, to]) => `${from} = ${to}`)
    .join('\n')

/** The fields of `next` the user edited (`edited`) whose value differs from `saved`. */
export function changedSettings(
  saved: Settings,
  next: Settings,
  edited: ReadonlySet<keyof Settings>,
): Partial<Settings> {
  const patch: Partial<Record<keyof Settings, unknown>> = {}
  for (const key of edited) if (JSON.stringify(next[key]) !== JSON.stringify(saved[key])) patch[key] = next[key]
  return patch as Partial<Settings>
}

/** Checked with the engine the rules run on (RE2: no backreferences or lookaround), as the save is. */
export function regexProblem(source: string | undefined): string | null {
  if (!source) return null
  const compiled = compileUserRegex(source)
  return compiled.ok ? null : compiled.problem
}

export function NumberField(props: {
  label: string
  value: number
  min: number
  max: number
  step?: number
  help?: string
  onChange(v: number): void
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
        aria-describedby={props.help ? `${id}-help` : undefined}
        required
      />
      {props.help && (
        <small id={`${id}-help`} className="muted">
          {props.help}
        </small>
      )}
    </div>
  )
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="settings__section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  )
}
