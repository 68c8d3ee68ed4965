// A searchable combobox for projects and clients: type to filter, arrows to move, Enter to pick.
// When nothing matches (or the list is empty) Enter creates a new item from the typed text.
import { useId, useMemo, useState, type KeyboardEvent } from 'react'

export interface PickOption {
  id: string
  label: string
  hint?: string | null
}

interface QuickPickProps {
  label: string
  value: string | null
  options: readonly PickOption[]
  onChange(id: string | null): void
  /** free entry: turn typed text into a new option; returns its id */
  onCreate(name: string): Promise<string | null>
  autoFocus?: boolean
  testId?: string
}

type Choice = { kind: 'none' } | { kind: 'option'; option: PickOption } | { kind: 'create'; name: string }

export function QuickPick({ label, value, options, onChange, onCreate, autoFocus, testId }: QuickPickProps) {
  const id = useId()
  const current = options.find((o) => o.id === value)
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)

  const choices = useMemo<Choice[]>(() => {
    const q = query.trim().toLowerCase()
    const matches = options.filter(
      (o) =>
        !q || o.label.toLowerCase().includes(q) || o.id.toLowerCase().includes(q) || o.hint?.toLowerCase().includes(q),
    )
    const list: Choice[] = [
      { kind: 'none' },
      ...matches.slice(0, 50).map((option) => ({ kind: 'option' as const, option })),
    ]
    if (q && !options.some((o) => o.label.toLowerCase() === q)) list.push({ kind: 'create', name: query.trim() })
    return list
  }, [options, query])

  async function choose(choice: Choice | undefined) {
    if (!choice) return
    if (choice.kind === 'none') onChange(null)
    else if (choice.kind === 'option') onChange(choice.option.id)
    else {
      const created = await onCreate(choice.name)
      if (created) onChange(created)
    }
    setQuery('')
    setOpen(false)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((a) => Math.min(choices.length - 1, a + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((a) => Math.max(0, a - 1))
    } else if (event.key === 'Enter' && open) {
      event.preventDefault()
      void choose(choices[active])
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
    }
  }

  const listId = `${id}-list`
  const optionId = (i: number) => `${id}-opt-${i}`
  const shown = current ? current.label : (value ?? '')
  return (
    <div className="quickpick" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? optionId(active) : undefined}
        autoComplete="off"
        placeholder={shown || (options.length ? 'Search or type a new name' : 'Type a name')}
        value={query}
        autoFocus={autoFocus}
        data-autofocus={autoFocus ? '' : undefined}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
          // Land on the first real match, or on "Create" when there is none.
          setActive(1)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <span className="quickpick__current" aria-live="polite">
        {shown ? `Current: ${shown}` : 'None'}
      </span>
      {open && (
        <ul id={listId} role="listbox" aria-label={`${label} choices`} className="quickpick__list">
          {choices.map((choice, i) => (
            <li
              key={choice.kind === 'option' ? choice.option.id : choice.kind}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault()
                void choose(choice)
              }}
            >
              {choice.kind === 'none' && <em>No {label.toLowerCase()}</em>}
              {choice.kind === 'option' && (
                <>
                  {choice.option.label}
                  {choice.option.hint && <span className="quickpick__hint"> · {choice.option.hint}</span>}
                </>
              )}
              {choice.kind === 'create' && <>Create “{choice.name}”</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
