// A minimal X11 protocol client over the display socket, written for capture's cost budget:
// get-windows spawns three processes per call and uiohook hands every motion event to JS, while
// one socket gives us focus changes as events (PropertyNotify) and key/button presses through the
// RECORD extension with no process spawns and no per-motion work. Only what capture needs is
// implemented: handshake (with MIT-MAGIC-COOKIE-1), requests with or without replies, events.
import { readFileSync } from 'node:fs'
import { createConnection, type Socket } from 'node:net'
import { homedir, hostname } from 'node:os'
import { join } from 'node:path'

export class X11Error extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'X11Error'
  }
}

interface DisplayAddress {
  path?: string
  host?: string
  port?: number
  displayNumber: number
}

/** Parses DISPLAY (`:0`, `:0.0`, `unix:1`, `host:2`) into a socket address. */
export function parseDisplay(display: string): DisplayAddress {
  const match = /^([^:]*):(\d+)(?:\.\d+)?$/u.exec(display.trim())
  if (!match) throw new X11Error(`cannot parse DISPLAY "${display}"`)
  const host = match[1] ?? ''
  const displayNumber = Number(match[2])
  if (host === '' || host === 'unix') return { path: `/tmp/.X11-unix/X${displayNumber}`, displayNumber }
  return { host, port: 6000 + displayNumber, displayNumber }
}

/** Reads the MIT-MAGIC-COOKIE-1 for a display from XAUTHORITY (or ~/.Xauthority), if any. */
export function readAuthCookie(displayNumber: number, env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const file = env.XAUTHORITY ?? join(env.HOME ?? homedir(), '.Xauthority')
  let data: Buffer
  try {
    data = readFileSync(file)
  } catch {
    return null
  }
  const local = hostname()
  let offset = 0
  let fallback: Buffer | null = null
  const field = () => {
    const length = data.readUInt16BE(offset)
    const value = data.subarray(offset + 2, offset + 2 + length)
    offset += 2 + length
    return value
  }
  try {
    while (offset + 2 <= data.length) {
      const family = data.readUInt16BE(offset)
      offset += 2
      const address = field().toString('latin1')
      const number = field().toString('latin1')
      const name = field().toString('latin1')
      const cookie = field()
      if (name !== 'MIT-MAGIC-COOKIE-1' || (number !== '' && number !== String(displayNumber))) continue
      // 256 = FamilyLocal (matched by host name), 65535 = FamilyWild.
      if (family === 256 && address === local) return Buffer.from(cookie)
      if (family === 65535 || family === 256) fallback ??= Buffer.from(cookie)
    }
  } catch {
    return fallback
  }
  return fallback
}

const pad4 = (n: number) => (4 - (n % 4)) % 4

interface Pending {
  resolve(reply: Buffer): void
  reject(error: Error): void
}

export interface X11Setup {
  root: number
  resourceIdBase: number
  resourceIdMask: number
}

export class X11Connection {
  private received: Buffer = Buffer.alloc(0)
  private sequence = 0
  private readonly pending = new Map<number, Pending>()
  private readonly streams = new Map<number, (reply: Buffer) => void>()
  private eventListener: (event: Buffer) => void = () => {}
  private closeListener: (reason: string) => void = () => {}
  private errorListener: (error: X11Error) => void = () => {}
  private nextId = 0
  private closed = false
  private holding = false

  private constructor(
    private readonly socket: Socket,
    readonly setup: X11Setup,
  ) {}

  static async connect(
    display: string | undefined,
    env: NodeJS.ProcessEnv = process.env,
    timeoutMs = 3_000,
  ): Promise<X11Connection> {
    if (!display) throw new X11Error('no X server: DISPLAY is not set')
    const address = parseDisplay(display)
    // `onread` hands incoming bytes to one callback (no stream machinery per chunk), and with it
    // pause() really stops reading the socket (see holdReading).
    let receive: (chunk: Buffer) => void = () => {}
    const onread = {
      buffer: Buffer.alloc(64 * 1024),
      callback: (bytes: number, buffer: Uint8Array) => {
        receive(Buffer.from(buffer.subarray(0, bytes)))
        return true
      },
    }
    const socket = address.path
      ? createConnection({ path: address.path, onread })
      : createConnection({ port: address.port as number, host: address.host, onread })
    const cookie = readAuthCookie(address.displayNumber, env)
    const setup = await new Promise<{ setup: X11Setup; rest: Buffer }>((resolve, reject) => {
      let data = Buffer.alloc(0)
      const timer = setTimeout(() => fail(new X11Error(`X server on ${display} did not answer`)), timeoutMs)
      const fail = (error: Error) => {
        clearTimeout(timer)
        receive = () => {}
        socket.destroy()
        reject(error)
      }
      socket.once('error', (error) => fail(new X11Error(`cannot connect to X server ${display}: ${error.message}`)))
      receive = (chunk: Buffer) => {
        data = Buffer.concat([data, chunk])
        if (data.length < 8) return
        const total = 8 + data.readUInt16LE(6) * 4
        if (data.length < total) return
        clearTimeout(timer)
        receive = () => {}
        socket.removeAllListeners('error')
        const status = data[0]
        if (status !== 1) {
          const reason = data.subarray(8, 8 + (data[1] ?? 0)).toString('latin1')
          fail(new X11Error(`X server ${display} refused the connection: ${reason || 'authorization required'}`))
          return
        }
        const vendorLength = data.readUInt16LE(24)
        const formats = data[29] ?? 0
        const screenOffset = 40 + vendorLength + pad4(vendorLength) + formats * 8
        resolve({
          setup: {
            resourceIdBase: data.readUInt32LE(12),
            resourceIdMask: data.readUInt32LE(16),
            root: data.readUInt32LE(screenOffset),
          },
          rest: data.subarray(total),
        })
      }
      const name = cookie ? Buffer.from('MIT-MAGIC-COOKIE-1', 'latin1') : Buffer.alloc(0)
      const auth = cookie ?? Buffer.alloc(0)
      const header = Buffer.alloc(12)
      header[0] = 0x6c // 'l': little-endian
      header.writeUInt16LE(11, 2)
      header.writeUInt16LE(0, 4)
      header.writeUInt16LE(name.length, 6)
      header.writeUInt16LE(auth.length, 8)
      socket.write(
        Buffer.concat([header, name, Buffer.alloc(pad4(name.length)), auth, Buffer.alloc(pad4(auth.length))]),
      )
    })
    const connection = new X11Connection(socket, setup.setup)
    receive = (chunk: Buffer) => connection.onData(chunk)
    socket.on('error', (error) => connection.shutdown(`X connection error: ${error.message}`))
    socket.on('close', () => connection.shutdown('X server closed the connection'))
    if (setup.rest.length > 0) connection.onData(setup.rest)
    return connection
  }

  onEvent(listener: (event: Buffer) => void): void {
    this.eventListener = listener
  }

  /** errors of requests nobody awaits (no-reply requests, streams) */
  onError(listener: (error: X11Error) => void): void {
    this.errorListener = listener
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener
  }

  allocateId(): number {
    const id = this.setup.resourceIdBase | (this.nextId++ & this.setup.resourceIdMask)
    return id >>> 0
  }

  /** Sends a request; `body` excludes the 4-byte header. Resolves with the reply when one is expected. */
  request(opcode: number, data: number, body: Buffer, expectsReply: true): Promise<Buffer>
  request(opcode: number, data: number, body: Buffer, expectsReply: false): void
  request(opcode: number, data: number, body: Buffer, expectsReply: boolean): Promise<Buffer> | void {
    if (this.closed) {
      if (expectsReply) return Promise.reject(new X11Error('X connection is closed'))
      return
    }
    const padded = body.length % 4 === 0 ? body : Buffer.concat([body, Buffer.alloc(pad4(body.length))])
    const header = Buffer.alloc(4)
    header[0] = opcode
    header[1] = data
    header.writeUInt16LE(1 + padded.length / 4, 2)
    this.sequence = (this.sequence + 1) & 0xffff
    const sequence = this.sequence
    this.socket.write(Buffer.concat([header, padded]))
    if (!expectsReply) return
    return new Promise((resolve, reject) => this.pending.set(sequence, { resolve, reject }))
  }

  /** Like `request`, but every reply with this sequence goes to `onReply` (RECORD's data stream). */
  requestStream(opcode: number, data: number, body: Buffer, onReply: (reply: Buffer) => void): void {
    this.request(opcode, data, body, false)
    this.streams.set(this.sequence, onReply)
  }

  /**
   * Stops reading the socket (readStop: with `onread`, pause() reaches the handle): what the
   * server sends waits in the kernel until `readPending`. Capture reads RECORD data in batches
   * this way, so 20 keys a second cost one wake-up, not 20.
   */
  holdReading(): void {
    this.holding = true
    this.socket.pause()
  }

  /** Reads whatever arrived while held, then holds again; resolves once it was handled. */
  readPending(): Promise<void> {
    if (!this.holding || this.closed) return Promise.resolve()
    this.socket.resume()
    // resume() starts reading; data already in the kernel is delivered in the next poll phase.
    // Called from a poll-phase callback (an answer on another connection), the first check
    // phase comes before that poll, so wait for the second one.
    return new Promise((resolve) =>
      setImmediate(() =>
        setImmediate(() => {
          if (this.holding && !this.closed) this.socket.pause()
          resolve()
        }),
      ),
    )
  }

  close(): void {
    this.shutdown(null)
  }

  private shutdown(reason: string | null): void {
    if (this.closed) return
    this.closed = true
    this.socket.destroy()
    for (const pending of this.pending.values()) pending.reject(new X11Error(reason ?? 'X connection closed'))
    this.pending.clear()
    this.streams.clear()
    if (reason !== null) this.closeListener(reason)
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk])
    let offset = 0
    while (this.received.length - offset >= 32) {
      const kind = this.received[offset] as number
      let length = 32
      if (kind === 1) length += this.received.readUInt32LE(offset + 4) * 4
      if (this.received.length - offset < length) break
      const message = this.received.subarray(offset, offset + length)
      offset += length
      const sequence = message.readUInt16LE(2)
      if (kind === 1) {
        const stream = this.streams.get(sequence)
        if (stream) {
          stream(message)
          continue
        }
        const pending = this.pending.get(sequence)
        this.pending.delete(sequence)
        pending?.resolve(message)
      } else if (kind === 0) {
        const pending = this.pending.get(sequence)
        this.pending.delete(sequence)
        const error = new X11Error(`X request failed (error ${message[1]}, major opcode ${message[10]})`)
        if (pending) pending.reject(error)
        else this.errorListener(error)
      } else {
        this.eventListener(message)
      }
    }
    this.received = offset === this.received.length ? Buffer.alloc(0) : this.received.subarray(offset)
  }
}
