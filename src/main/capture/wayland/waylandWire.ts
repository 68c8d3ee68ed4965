// A minimal Wayland client over the socket (no libwayland, no native build): enough of the wire
// format to list globals, bind them, send requests with int/uint/fixed/string/object/new_id
// arguments and receive events. Used for ext-idle-notify-v1 (presence on KWin and wlroots) and,
// in tests, KWin's fake-input. Each message is: object id (u32), size << 16 | opcode (u32), args.
import { createConnection, type Socket } from 'node:net'
import { join } from 'node:path'

export type WireArg = { uint: number } | { int: number } | { fixed: number } | { string: string } | { object: number }

export interface WireEvent {
  object: number
  opcode: number
  /** the raw argument bytes; read them with readUint/readString */
  args: Buffer
}

export interface Global {
  name: number
  interface: string
  version: number
}

export interface WaylandConnection {
  globals(): readonly Global[]
  /** binds a global and returns the new object id */
  bind(global: Global, version: number): number
  /** allocates an object id for a new_id argument: use ids in the order they are allocated */
  newId(): number
  request(object: number, opcode: number, args: WireArg[]): void
  onEvent(object: number, listener: (event: WireEvent) => void): void
  /** resolves once the compositor has handled every request sent so far */
  roundtrip(): Promise<void>
  onClosed(listener: (reason: string) => void): void
  close(): void
}

const DISPLAY = 1

export const readUint = (args: Buffer, offset: number) => args.readUInt32LE(offset)
export function readString(args: Buffer, offset: number): { value: string; next: number } {
  const length = args.readUInt32LE(offset)
  const value = args.toString('utf8', offset + 4, offset + 4 + Math.max(0, length - 1))
  return { value, next: offset + 4 + Math.ceil(length / 4) * 4 }
}

function encode(args: WireArg[]): Buffer {
  const parts = args.map((arg) => {
    if ('string' in arg) {
      const bytes = Buffer.from(`${arg.string}\0`, 'utf8')
      const out = Buffer.alloc(4 + Math.ceil(bytes.length / 4) * 4)
      out.writeUInt32LE(bytes.length, 0)
      bytes.copy(out, 4)
      return out
    }
    const out = Buffer.alloc(4)
    if ('int' in arg) out.writeInt32LE(arg.int, 0)
    else if ('fixed' in arg) out.writeInt32LE(Math.round(arg.fixed * 256), 0)
    else out.writeUInt32LE('uint' in arg ? arg.uint : arg.object, 0)
    return out
  })
  return Buffer.concat(parts)
}

/** Connects to the compositor named by WAYLAND_DISPLAY and reads its globals. */
export async function connectWayland(env: NodeJS.ProcessEnv): Promise<WaylandConnection> {
  const display = env.WAYLAND_DISPLAY || 'wayland-0'
  const path = display.startsWith('/') ? display : join(env.XDG_RUNTIME_DIR ?? '', display)
  if (!display.startsWith('/') && !env.XDG_RUNTIME_DIR)
    throw new Error('XDG_RUNTIME_DIR is not set: no Wayland socket to connect to')
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = createConnection(path)
    s.once('connect', () => resolve(s))
    s.once('error', (error) => reject(new Error(`cannot connect to the Wayland display ${path}: ${error.message}`)))
  })
  const listeners = new Map<number, (event: WireEvent) => void>()
  const closedListeners: ((reason: string) => void)[] = []
  const globals: Global[] = []
  let nextId = 2
  let pending: Buffer = Buffer.alloc(0)
  let closed = false
  let closedReason = ''
  const markClosed = (reason: string) => {
    if (closed) return
    closed = true
    closedReason = reason
    for (const listener of closedListeners) listener(reason)
  }
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    while (pending.length >= 8) {
      const size = pending.readUInt32LE(4) >>> 16
      if (size < 8 || pending.length < size) break
      const event = {
        object: pending.readUInt32LE(0),
        opcode: pending.readUInt32LE(4) & 0xffff,
        args: pending.subarray(8, size),
      }
      pending = pending.subarray(size)
      listeners.get(event.object)?.(event)
    }
  })
  socket.on('close', () => markClosed('the Wayland compositor closed the connection'))
  socket.on('error', (error) => markClosed(`Wayland connection error: ${error.message}`))

  const connection: WaylandConnection = {
    globals: () => globals,
    newId: () => nextId++,
    request(object, opcode, args) {
      if (closed) return
      const body = encode(args)
      const header = Buffer.alloc(8)
      header.writeUInt32LE(object, 0)
      header.writeUInt32LE(((8 + body.length) << 16) | opcode, 4)
      socket.write(Buffer.concat([header, body]))
    },
    onEvent: (object, listener) => listeners.set(object, listener),
    bind(global, version) {
      const id = connection.newId()
      connection.request(registry, 0, [
        { uint: global.name },
        { string: global.interface },
        { uint: Math.min(version, global.version) },
        { uint: id },
      ])
      return id
    },
    roundtrip() {
      return new Promise((resolve, reject) => {
        if (closed) return reject(new Error(closedReason))
        const callback = connection.newId()
        connection.onEvent(callback, () => {
          listeners.delete(callback)
          resolve()
        })
        closedListeners.push(() => reject(new Error(closedReason)))
        connection.request(DISPLAY, 0, [{ uint: callback }]) // wl_display.sync
      })
    },
    onClosed: (listener) => closedListeners.push(listener),
    close() {
      markClosed('closed')
      socket.destroy()
    },
  }
  connection.onEvent(DISPLAY, (event) => {
    if (event.opcode !== 0) return // delete_id
    const message = readString(event.args, 8).value
    markClosed(`Wayland protocol error on object ${readUint(event.args, 0)}: ${message}`)
    socket.destroy()
  })
  const registry = connection.newId()
  connection.onEvent(registry, (event) => {
    if (event.opcode !== 0) return // global_remove
    const name = readUint(event.args, 0)
    const iface = readString(event.args, 4)
    globals.push({ name, interface: iface.value, version: readUint(event.args, iface.next) })
  })
  connection.request(DISPLAY, 1, [{ uint: registry }]) // wl_display.get_registry
  await connection.roundtrip()
  return connection
}
