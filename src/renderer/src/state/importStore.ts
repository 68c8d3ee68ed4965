// Settings → Import: reads the chosen file here, sends it to main in bounded chunks (the progress
// bar follows the characters main has acknowledged), then asks main to import it and keeps the
// summary (imported, skipped with reasons, unknown type names).
import { create } from 'zustand'
import {
  IMPORT_CHUNK_CHARS,
  IMPORT_MAX_CHARS,
  type ImportFileFormat,
  type ImportSummary,
} from '../../../shared/contract/import'
import { errorMessage } from '../../../shared/errorMessage'
import { useAppStore } from './appStore'

export type ImportPhase = 'idle' | 'reading' | 'sending' | 'importing' | 'done' | 'failed'

/** A File's text as UTF-8 (Blob.text where there is one, FileReader elsewhere, e.g. jsdom). */
export function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsText(file, 'utf-8')
  })
}

interface ImportState {
  phase: ImportPhase
  fileName: string | null
  /** characters acknowledged by main, of `total` */
  sent: number
  total: number
  result: ImportSummary | null
  error: string | null
  run(file: File, format: ImportFileFormat): Promise<void>
}

const TOO_BIG = `This file is too big to import from the window (over ${IMPORT_MAX_CHARS / (1024 * 1024)} MB); use \`npm run cli -- import\` instead.`

/** Chunks end before a surrogate pair's second half, so no piece holds half a character. */
function chunkEnd(text: string, start: number, size: number): number {
  const end = Math.min(text.length, start + size)
  if (end < text.length && end > start + 1) {
    const code = text.charCodeAt(end - 1)
    if (code >= 0xd800 && code <= 0xdbff) return end - 1
  }
  return end
}

const busy = (phase: ImportPhase) => phase === 'reading' || phase === 'sending' || phase === 'importing'

export const useImportStore = create<ImportState>((set, get) => ({
  phase: 'idle',
  fileName: null,
  sent: 0,
  total: 0,
  result: null,
  error: null,
  async run(file, format) {
    const api = useAppStore.getState().api
    if (!api || busy(get().phase)) return
    const fail = (error: string) => set({ phase: 'failed', error })
    set({ phase: 'reading', fileName: file.name, sent: 0, total: 0, result: null, error: null })
    // UTF-8 takes at most 4 bytes a character: anything bigger cannot fit.
    if (file.size > IMPORT_MAX_CHARS * 4) return fail(TOO_BIG)
    let text: string
    try {
      text = await readText(file)
    } catch (error) {
      return fail(`Could not read ${file.name}: ${errorMessage(error)}`)
    }
    if (text.length > IMPORT_MAX_CHARS) return fail(TOO_BIG)
    let importId: string | null = null
    try {
      const begun = await api.call('import.begin', { format, total_chars: text.length })
      importId = begun.import_id
      const size = Math.min(begun.chunk_chars, IMPORT_CHUNK_CHARS)
      set({ phase: 'sending', total: text.length })
      for (let offset = 0; offset < text.length;) {
        const end = chunkEnd(text, offset, size)
        const { received_chars } = await api.call('import.chunk', {
          import_id: importId,
          offset,
          text: text.slice(offset, end),
        })
        offset = end
        set({ sent: received_chars })
      }
      set({ phase: 'importing' })
      const result = await api.call('import.finish', { import_id: importId })
      set({ phase: 'done', result })
    } catch (error) {
      if (importId) void api.call('import.cancel', { import_id: importId }).catch(() => undefined)
      fail(`Import failed: ${errorMessage(error)}`)
    }
  },
}))
