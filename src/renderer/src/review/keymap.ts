// The review queue's keyboard shortcuts, one row per help line: the queue's key handler looks
// keys up here and the help overlay draws these rows, so the help cannot drift from the keys.
import type { ReviewState } from '../state/reviewStore'

export interface KeyContext {
  review: ReviewState
  openFor(kind: 'edit' | 'split', focus?: 'project' | 'activity'): void
  openHelp(): void
  /** UTBMS codes of the selection, else of the current entry (#30) */
  openCodes(): void
  /** approve, listing broken billing guidelines first when there are any (#30) */
  approve(): void
}

export interface Shortcut {
  /** the keys as the help overlay names them */
  label: string
  help: string
  /** `event.key` values pressed without Ctrl/Cmd; Shift is part of the key ('X', 'G', '?') */
  keys: readonly string[]
  /** `event.key` values pressed with Ctrl or Cmd */
  ctrlKeys?: readonly string[]
  run(context: KeyContext, key: string): void
}

export const KEYMAP: readonly Shortcut[] = [
  { label: 'j / ↓', help: 'Next entry', keys: ['j', 'ArrowDown'], run: ({ review }) => review.move(1) },
  { label: 'k / ↑', help: 'Previous entry', keys: ['k', 'ArrowUp'], run: ({ review }) => review.move(-1) },
  {
    label: 'g / G',
    help: 'First / last entry',
    keys: ['g', 'Home', 'G', 'End'],
    run: ({ review }, key) => review.moveToEdge(key === 'g' || key === 'Home' ? 'first' : 'last'),
  },
  { label: 'x / Space', help: 'Select or unselect the entry', keys: ['x', ' '], run: ({ review }) => review.toggle() },
  {
    label: 'Shift+X',
    help: 'Select from the last selected entry to here',
    keys: ['X'],
    run: ({ review }) => review.selectRange(),
  },
  { label: 'a', help: 'Approve the selection (or the current entry)', keys: ['a'], run: ({ approve }) => approve() },
  {
    label: 'r',
    help: 'Reject the selection (or the current entry)',
    keys: ['r'],
    run: ({ review }) => void review.reject(),
  },
  {
    label: 'e',
    help: 'Edit project, client, activity, notes, start and end',
    keys: ['e'],
    run: ({ openFor }) => openFor('edit'),
  },
  { label: 'p', help: 'Pick the project', keys: ['p'], run: ({ openFor }) => openFor('edit', 'project') },
  { label: 's', help: 'Split the entry at a time', keys: ['s'], run: ({ openFor }) => openFor('split') },
  {
    label: 'c',
    help: 'UTBMS task and activity codes of the selection (or the current entry)',
    keys: ['c'],
    run: ({ openCodes }) => openCodes(),
  },
  {
    label: 'm',
    help: 'Merge the selection (or the entry with the one below)',
    keys: ['m'],
    run: ({ review }) => void review.merge(),
  },
  // Ctrl+Z is the undo every desktop app has; a bare z stays free so it is not hit by accident.
  {
    label: 'u / Ctrl+Z',
    help: 'Undo the last action',
    keys: ['u'],
    ctrlKeys: ['z', 'Z'],
    run: ({ review }) => void review.undo(),
  },
  {
    label: 'Esc',
    help: 'Clear the selection / close a dialog',
    keys: ['Escape'],
    run: ({ review }) => review.clearSelection(),
  },
  { label: '?', help: 'This help', keys: ['?'], run: ({ openHelp }) => openHelp() },
]

/**
 * The shortcut a key press triggers, if any. Alt is never a shortcut, and Ctrl/Cmd only with
 * the keys bound to them, so the browser's and the OS's own chords keep working.
 */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>,
): Shortcut | undefined {
  if (event.altKey) return undefined
  const withCtrl = event.ctrlKey || event.metaKey
  return KEYMAP.find((shortcut) => (withCtrl ? shortcut.ctrlKeys : shortcut.keys)?.includes(event.key))
}
