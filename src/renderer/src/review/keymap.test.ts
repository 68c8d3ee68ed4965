import { describe, expect, it, vi } from 'vitest'
import type { ReviewState } from '../state/reviewStore'
import { KEYMAP, shortcutFor } from './keymap'

const press = (key: string, modifiers: Partial<Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey'>> = {}) =>
  shortcutFor({ key, altKey: false, ctrlKey: false, metaKey: false, ...modifiers })

function run(key: string, modifiers: Parameters<typeof press>[1] = {}) {
  const review = {
    move: vi.fn(),
    moveToEdge: vi.fn(),
    toggle: vi.fn(),
    selectRange: vi.fn(),
    approve: vi.fn(),
    reject: vi.fn(),
    merge: vi.fn(),
    undo: vi.fn(),
    clearSelection: vi.fn(),
  }
  const ctx = { review, openFor: vi.fn(), openHelp: vi.fn(), openCodes: vi.fn(), approve: vi.fn() }
  press(key, modifiers)?.run({ ...ctx, review: review as unknown as ReviewState }, key)
  return ctx
}

describe('review keymap', () => {
  it('is what the help overlay lists, one row per line', () => {
    expect(KEYMAP.map((s) => [s.label, s.help])).toEqual([
      ['j / ↓', 'Next entry'],
      ['k / ↑', 'Previous entry'],
      ['g / G', 'First / last entry'],
      ['x / Space', 'Select or unselect the entry'],
      ['Shift+X', 'Select from the last selected entry to here'],
      ['a', 'Approve the selection (or the current entry)'],
      ['r', 'Reject the selection (or the current entry)'],
      ['e', 'Edit project, client, activity, notes, start and end'],
      ['p', 'Pick the project'],
      ['s', 'Split the entry at a time'],
      ['c', 'UTBMS task and activity codes of the selection (or the current entry)'],
      ['m', 'Merge the selection (or the entry with the one below)'],
      ['u / Ctrl+Z', 'Undo the last action'],
      ['Esc', 'Clear the selection / close a dialog'],
      ['?', 'This help'],
    ])
  })

  it('opens the UTBMS codes dialog with c', () => {
    expect(run('c').openCodes).toHaveBeenCalledOnce()
  })

  it('binds every key once', () => {
    const plain = KEYMAP.flatMap((s) => s.keys)
    const withCtrl = KEYMAP.flatMap((s) => s.ctrlKeys ?? [])
    expect(new Set(plain).size).toBe(plain.length)
    expect(new Set(withCtrl).size).toBe(withCtrl.length)
  })

  it('runs the action of each key', () => {
    expect(run('j').review.move).toHaveBeenCalledWith(1)
    expect(run('ArrowDown').review.move).toHaveBeenCalledWith(1)
    expect(run('k').review.move).toHaveBeenCalledWith(-1)
    expect(run('ArrowUp').review.move).toHaveBeenCalledWith(-1)
    expect(run('g').review.moveToEdge).toHaveBeenCalledWith('first')
    expect(run('Home').review.moveToEdge).toHaveBeenCalledWith('first')
    expect(run('G').review.moveToEdge).toHaveBeenCalledWith('last')
    expect(run('End').review.moveToEdge).toHaveBeenCalledWith('last')
    expect(run('x').review.toggle).toHaveBeenCalled()
    expect(run(' ').review.toggle).toHaveBeenCalled()
    // through the view, which lists broken billing guidelines first (#30)
    expect(run('a').approve).toHaveBeenCalled()
    expect(run('r').review.reject).toHaveBeenCalled()
    expect(run('X').review.selectRange).toHaveBeenCalled()
    expect(run('m').review.merge).toHaveBeenCalled()
    expect(run('Escape').review.clearSelection).toHaveBeenCalled()
    expect(run('e').openFor).toHaveBeenCalledWith('edit')
    expect(run('p').openFor).toHaveBeenCalledWith('edit', 'project')
    expect(run('s').openFor).toHaveBeenCalledWith('split')
    expect(run('?').openHelp).toHaveBeenCalled()
  })

  it('undoes with u or Ctrl/Cmd+Z; a bare z, Ctrl with other keys and anything with Alt are not shortcuts', () => {
    expect(run('u').review.undo).toHaveBeenCalled()
    expect(run('z', { ctrlKey: true }).review.undo).toHaveBeenCalled()
    expect(run('Z', { metaKey: true }).review.undo).toHaveBeenCalled()
    expect(press('z')).toBeUndefined()
    expect(press('u', { ctrlKey: true })).toBeUndefined()
    expect(press('a', { metaKey: true })).toBeUndefined()
    expect(press('a', { altKey: true })).toBeUndefined()
    expect(press('z', { ctrlKey: true, altKey: true })).toBeUndefined()
    expect(press('q')).toBeUndefined()
  })
})
