// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/contract/client'
import { IMPORT_CHUNK_CHARS, type ImportSummary } from '../../../shared/contract/import'
import { useAppStore } from '../state/appStore'
import { useImportStore } from '../state/importStore'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { ImportSettings } from './ImportSettings'

const summary: ImportSummary = {
  format: 'activitywatch',
  imported: 462,
  skipped: Array.from({ length: 12 }, (_, i) => ({
    index: i * 3,
    reason: `aw-watcher-window_laptop event ${i * 3}: data.app: missing`,
  })),
  skipped_total: 130,
  unknown_types: { stylus: 4 },
  aliased_types: {},
  excluded: 2,
  first_at: '2024-03-12T08:50:00Z',
  last_at: '2024-03-12T18:00:00Z',
}

/** A stand-in for main's import handlers: keeps the chunks; `gate` holds chunk replies until released. */
function setup(options: { finish?: () => ImportSummary } = {}) {
  const received: string[] = []
  let release: () => void = () => {}
  let gate: Promise<void> | null = null
  const api = fakeApi({
    'import.begin': () => ({ import_id: 'import-1', chunk_chars: IMPORT_CHUNK_CHARS }),
    'import.chunk': async ({ offset, text }) => {
      if (gate) await gate
      expect(offset).toBe(received.join('').length)
      received.push(text)
      return { received_chars: received.join('').length }
    },
    'import.finish': () => (options.finish ? options.finish() : summary),
    'import.cancel': () => ({ cancelled: true }),
  })
  useAppStore.setState({ api })
  return {
    api,
    received,
    hold() {
      gate = new Promise((resolve) => (release = resolve))
    },
    release: () => {
      gate = null
      release()
    },
  }
}

beforeEach(() =>
  useImportStore.setState({ phase: 'idle', fileName: null, sent: 0, total: 0, result: null, error: null }),
)
afterEach(cleanup)

function pick(text: string, name = 'export.json') {
  const file = new File([text], name, { type: 'application/json' })
  fireEvent.change(screen.getByLabelText('File to import'), { target: { files: [file] } })
}

describe('ImportSettings', () => {
  it('sends the file in bounded chunks with a progress bar, then shows imported, skipped and unknown names', async () => {
    const fake = setup()
    render(<ImportSettings />)
    expect(screen.getByRole('button', { name: 'Import' })).toHaveProperty('disabled', true)
    // Over two chunks, with a surrogate pair (emoji) straddling the first chunk boundary.
    const text = `${'a'.repeat(IMPORT_CHUNK_CHARS - 1)}😀${'b'.repeat(IMPORT_CHUNK_CHARS)}é`
    pick(text)
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'activitywatch' } })
    fake.hold()
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Import' })))
    await act(async () => {})

    const progress = screen.getByRole('progressbar', { name: 'Import progress' }) as HTMLProgressElement
    expect(progress.max).toBe(text.length)
    expect(screen.getByTestId('import-phase').textContent).toBe('Sending 0%…')
    expect(screen.getByRole('button', { name: 'Importing…' })).toHaveProperty('disabled', true)
    await act(async () => fake.release())
    await act(async () => {})

    expect(fake.api.calls.find((c) => c.method === 'import.begin')?.input).toEqual({
      format: 'activitywatch',
      total_chars: text.length,
    })
    expect(fake.received.join('')).toBe(text)
    expect(fake.received.length).toBe(3)
    expect(fake.received.every((chunk) => chunk.length <= IMPORT_CHUNK_CHARS)).toBe(true)
    expect(fake.received[0]?.endsWith('a')).toBe(true) // the emoji was not cut in half
    expect(fake.api.calls.at(-1)).toEqual({ method: 'import.finish', input: { import_id: 'import-1' } })

    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getByRole('status').textContent).toBe(
      'Imported 462 signals from 2024-03-12T08:50:00Z to 2024-03-12T18:00:00Z (ActivityWatch). New suggestions appear in the review queue.',
    )
    expect(screen.getByTestId('import-unknown').textContent).toBe(
      'Unknown signal names, imported as activity: stylus (4)',
    )
    const skipped = screen.getByTestId('import-skipped')
    expect(skipped.querySelectorAll('li')).toHaveLength(10)
    expect(skipped.querySelector('li')?.textContent).toBe('#0: aw-watcher-window_laptop event 0: data.app: missing')
    expect(skipped.textContent).toContain('Skipped 130 signals that could not be used')
    expect(skipped.textContent).toContain('…and 120 more.')
    expect(screen.getByText('2 signals of excluded apps were left out.')).toBeTruthy()
  })

  it('shows why an import failed and drops the unfinished one in main', async () => {
    const fake = setup({
      finish: () => {
        throw new ApiError('invalid_input', 'input is not JSON: Unexpected end of JSON input')
      },
    })
    render(<ImportSettings />)
    pick('{"activity_signals": [', 'broken.json')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Import' })))
    await act(async () => {})
    expect(screen.getByRole('alert').textContent).toBe('Import failed: input is not JSON: Unexpected end of JSON input')
    expect(fake.api.calls.find((c) => c.method === 'import.begin')?.input).toEqual({ format: 'auto', total_chars: 22 })
    expect(fake.api.calls.at(-1)).toEqual({ method: 'import.cancel', input: { import_id: 'import-1' } })
    expect(screen.queryByTestId('import-result')).toBeNull()
  })
})
