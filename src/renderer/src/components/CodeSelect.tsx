// A UTBMS code picker (#30), shared by the codes dialog (one entry or a selection) and the edit dialog.
/** "Keep each entry's own code" (a selection only) and "no code". */
export const KEEP = 'keep'
export const NONE = 'none'

/** The select's value as codes.set takes it: undefined = unchanged, null = cleared. */
export const codeChoice = (value: string): string | null | undefined =>
  value === KEEP ? undefined : value === NONE ? null : value

export function CodeSelect({
  label,
  codes,
  value,
  onChange,
  bulk = false,
  autoFocus,
}: {
  label: string
  codes: Readonly<Record<string, string>>
  value: string
  onChange(v: string): void
  bulk?: boolean
  autoFocus?: boolean
}) {
  return (
    <label>
      {label}
      {/* aria-label: a wrapping label would name the select by every option's text too ("… End …") */}
      <select
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(autoFocus ? { 'data-autofocus': true } : {})}
      >
        {bulk && <option value={KEEP}>Keep each entry&rsquo;s code</option>}
        <option value={NONE}>None</option>
        {Object.entries(codes).map(([code, name]) => (
          <option key={code} value={code}>
            {code} {name}
          </option>
        ))}
      </select>
    </label>
  )
}
