// The few core X11 requests (and the one event) capture uses, over an X11Connection.
import type { X11Connection } from './x11Connection'

const stringBody = (name: string, prefix: Buffer = Buffer.alloc(0)) => {
  const bytes = Buffer.from(name, 'latin1')
  const head = Buffer.alloc(4)
  head.writeUInt16LE(bytes.length, 0)
  return Buffer.concat([prefix, head, bytes])
}

export async function internAtom(x: X11Connection, name: string): Promise<number> {
  const reply = await x.request(16, 0, stringBody(name), true)
  return reply.readUInt32LE(8)
}

export async function queryExtension(x: X11Connection, name: string): Promise<number | null> {
  const reply = await x.request(98, 0, stringBody(name), true)
  return reply[8] === 1 ? (reply[9] as number) : null
}

export interface PropertyValue {
  format: number
  type: number
  value: Buffer
}

export async function getProperty(
  x: X11Connection,
  window: number,
  property: number,
  maxBytes = 4096,
): Promise<PropertyValue> {
  const body = Buffer.alloc(20)
  body.writeUInt32LE(window, 0)
  body.writeUInt32LE(property, 4)
  body.writeUInt32LE(0, 8) // AnyPropertyType
  body.writeUInt32LE(0, 12)
  body.writeUInt32LE(Math.ceil(maxBytes / 4), 16)
  const reply = await x.request(20, 0, body, true)
  const format = reply[1] as number
  const units = reply.readUInt32LE(16)
  const bytes = units * (format / 8)
  return { format, type: reply.readUInt32LE(8), value: Buffer.from(reply.subarray(32, 32 + bytes)) }
}

export const PROPERTY_CHANGE_MASK = 0x00400000

/** Subscribes this connection to events of `window` (ChangeWindowAttributes event-mask). */
export function selectEvents(x: X11Connection, window: number, mask: number): void {
  const body = Buffer.alloc(12)
  body.writeUInt32LE(window, 0)
  body.writeUInt32LE(0x800, 4) // CWEventMask
  body.writeUInt32LE(mask, 8)
  x.request(2, 0, body, false)
}

/** Pointer position on the root window; used in memory only (jitter filter), never stored. */
export async function queryPointer(x: X11Connection, window: number): Promise<{ x: number; y: number }> {
  const body = Buffer.alloc(4)
  body.writeUInt32LE(window, 0)
  const reply = await x.request(38, 0, body, true)
  return { x: reply.readInt16LE(16), y: reply.readInt16LE(18) }
}

/** Creates an unmapped InputOnly window that reports its own property changes to this connection. */
export function createPropertyWindow(x: X11Connection): number {
  const id = x.allocateId()
  const body = Buffer.alloc(32)
  body.writeUInt32LE(id, 0)
  body.writeUInt32LE(x.setup.root, 4)
  body.writeUInt16LE(1, 12) // width
  body.writeUInt16LE(1, 14) // height
  body.writeUInt16LE(2, 18) // class InputOnly
  body.writeUInt32LE(0, 20) // visual: CopyFromParent
  body.writeUInt32LE(0x800, 24) // CWEventMask
  body.writeUInt32LE(PROPERTY_CHANGE_MASK, 28)
  x.request(1, 0, body, false) // CreateWindow, depth CopyFromParent
  return id
}

/** Appends nothing to a property: the server answers with a PropertyNotify stamped with its current time. */
export function touchProperty(x: X11Connection, window: number, property: number): void {
  const body = Buffer.alloc(20)
  body.writeUInt32LE(window, 0)
  body.writeUInt32LE(property, 4)
  body.writeUInt32LE(31, 8) // STRING
  body[12] = 8 // format
  x.request(18, 2, body, false) // ChangeProperty, mode Append, zero length
}

export const PROPERTY_NOTIFY = 28

/** The fields of a PropertyNotify event capture reads: window, atom and the server's time. */
export function readPropertyNotify(event: Buffer): { window: number; atom: number; time: number } | null {
  if (((event[0] as number) & 0x7f) !== PROPERTY_NOTIFY) return null
  return { window: event.readUInt32LE(4), atom: event.readUInt32LE(8), time: event.readUInt32LE(12) }
}
