// The bytes of an .ics file → text, as the tools really write them: a BOM names the encoding
// (Windows Calendar writes UTF-16LE with one); without one, UTF-8 when the bytes are valid
// UTF-8, else Windows-1252 (older Outlook and Latin-1 exports, a superset of ISO-8859-1).
// TextDecoder (WHATWG Encoding) is in Node, Electron and the window alike.

export type CalendarEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export function decodeCalendarBytes(bytes: Uint8Array): { text: string; encoding: CalendarEncoding } {
  const [a, b, c] = bytes
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8' }
  if (a === 0xff && b === 0xfe) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' }
  if (a === 0xfe && b === 0xff) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: decode('windows-1252', bytes), encoding: 'windows-1252' }
  }
}

const decode = (encoding: CalendarEncoding, bytes: Uint8Array) => new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes)
