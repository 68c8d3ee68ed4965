// The bytes of an .ics file → text, as the tools really write them: a BOM names the encoding
// (Windows Calendar writes UTF-16LE with one); without one, UTF-8 when the bytes are valid
// UTF-8, else Windows-1252 (older Outlook and Latin-1 exports; a superset of ISO-8859-1).
// TextDecoder is in Node, Electron and the window alike; Windows-1252 is decoded here because
// Node's TextDecoder reads that label as ISO-8859-1 (0x80–0x9F become control characters).

export type CalendarEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export function decodeCalendarBytes(bytes: Uint8Array): { text: string; encoding: CalendarEncoding } {
  const [a, b, c] = bytes
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8' }
  if (a === 0xff && b === 0xfe) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' }
  if (a === 0xfe && b === 0xff) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: windows1252(bytes), encoding: 'windows-1252' }
  }
}

const decode = (encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array) =>
  new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes)

/** 0x80–0x9F in Windows-1252 (the five bytes it leaves undefined keep their Latin-1 meaning). */
const HIGH_CONTROL = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

function windows1252(bytes: Uint8Array): string {
  let text = ''
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192)
    text += String.fromCharCode(...chunk)
  }
  return text.replace(/[\u0080-\u009f]/g, (ch) => HIGH_CONTROL[ch.charCodeAt(0) - 0x80] ?? ch)
}
