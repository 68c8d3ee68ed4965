// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { Dialog } from './Dialog'

afterEach(cleanup)

function Opener() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Rename project" onClose={() => setOpen(false)}>
          <input aria-label="Name" />
          <button type="button">Cancel</button>
          <button type="button">Save</button>
        </Dialog>
      )}
    </>
  )
}

describe('Dialog', () => {
  it('is named by its title, traps Tab inside, and gives the focus back to its opener on Escape', async () => {
    render(<Opener />)
    const opener = screen.getByRole('button', { name: 'Open' })
    opener.focus()
    await act(() => void fireEvent.click(opener))
    const dialog = screen.getByRole('dialog', { name: 'Rename project' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    const name = screen.getByRole('textbox', { name: 'Name' })
    const save = screen.getByRole('button', { name: 'Save' })
    expect(document.activeElement).toBe(name)

    // Shift+Tab on the first control wraps to the last, Tab on the last back to the first.
    fireEvent.keyDown(name, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(save)
    fireEvent.keyDown(save, { key: 'Tab' })
    expect(document.activeElement).toBe(name)

    await act(() => void fireEvent.keyDown(name, { key: 'Escape' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })
})
