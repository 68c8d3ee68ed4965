// Key and button presses through the RECORD extension (event type and button number only, never
// key codes), read in one-second batches, each stamped with the server time it happened at; the
// pointer sampled once a second through the jitter filter.
import { createJitterFilter } from '../jitterFilter'
import type { InputKind, InputListener, InputSource, SourceLifecycle } from '../types'
import { createTimeStamper, type TimeStamper } from './timeStamper'
import { X11Connection, X11Error } from './x11Connection'
import { queryExtension, queryPointer } from './x11Requests'
import { waylandNote, type X11SourceOptions, type X11Timing } from './x11Shared'

const KEY_PRESS = 2
const BUTTON_PRESS = 4
const RECORD_FROM_SERVER = 0
const RECORD_START_OF_DATA = 4
const RECORD_ALL_CLIENTS = 3

export function createX11InputSource(options: X11SourceOptions, timing: X11Timing): InputSource {
  const env = options.env ?? process.env
  let control: X11Connection | null = null
  let data: X11Connection | null = null
  let ownStamper: TimeStamper | null = null
  let context = 0
  let extension = 0
  let motionTimer: ReturnType<typeof setInterval> | null = null

  // Presses read after a stamp are all there is up to it (the server flushes every client's
  // output together); the focus connection's stamper is preferred, see X11Timing.
  const readBatch = async () => {
    const stream = data
    if (!stream) return
    await (timing.focusStamper ?? ownStamper)?.stamp()
    await stream.readPending()
  }

  const cleanup = () => {
    if (motionTimer) clearInterval(motionTimer)
    motionTimer = null
    data?.close()
    control?.close()
    data = control = null
  }

  return {
    name: 'x11-record',
    async start(onInput: InputListener, lifecycle: SourceLifecycle) {
      const display = options.display ?? env.DISPLAY
      try {
        control = await X11Connection.connect(display, env)
        data = await X11Connection.connect(display, env)
        const major = await queryExtension(control, 'RECORD')
        if (major === null)
          throw new X11Error('the X server has no RECORD extension: keyboard and mouse cannot be counted')
        extension = major
        const version = Buffer.alloc(4)
        version.writeUInt16LE(1, 0)
        version.writeUInt16LE(13, 2)
        await control.request(extension, 0, version, true)
        context = control.allocateId()
        control.request(extension, 1, createContextBody(context), false)
        // A round trip makes sure the context exists before the data connection enables it.
        await control.request(extension, 0, version, true)
        const stamper = await createTimeStamper(control, timing.clock, timing.now)
        control.onEvent((event) => void stamper.handleEvent(event))
        ownStamper = stamper
      } catch (error) {
        cleanup()
        throw error
      }
      const ctl = control
      const stream = data
      const started = new Promise<void>((resolve, reject) => {
        stream.onError((error) => reject(error))
        const enable = Buffer.alloc(4)
        enable.writeUInt32LE(context, 0)
        stream.requestStream(extension, 5, enable, (reply) => {
          const category = reply[1]
          if (category === RECORD_START_OF_DATA) resolve()
          if (category !== RECORD_FROM_SERVER) return
          for (let i = 32; i + 32 <= reply.length; i += 32) {
            const type = (reply[i] as number) & 0x7f
            let kind: InputKind
            if (type === KEY_PRESS) kind = 'keyboard'
            else if (type === BUTTON_PRESS) {
              const button = reply[i + 1] as number
              kind = button >= 4 && button <= 7 ? 'mouse_scroll' : 'mouse_click'
            } else continue
            // bytes 4–7 of a device event: the server time it happened at
            onInput(kind, 1, timing.clock.toWall(reply.readUInt32LE(i + 4)) ?? timing.now())
          }
        })
      })
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new X11Error('RECORD did not start streaming input')), 3_000).unref(),
      )
      try {
        await Promise.race([started, timeout])
      } catch (error) {
        cleanup()
        throw error
      }
      const lost = (reason: string) => {
        cleanup()
        lifecycle.failed(reason)
      }
      ctl.onClose(lost)
      stream.onClose(lost)
      const jitter = createJitterFilter()
      const root = ctl.setup.root
      stream.holdReading()
      // One wake-up per batch: read the presses held in the socket, sample the pointer.
      let reading = false
      motionTimer = setInterval(() => {
        if (!reading) {
          reading = true
          void readBatch().finally(() => (reading = false))
        }
        queryPointer(ctl, root).then(
          (position) => {
            if (jitter.moved(position.x, position.y)) onInput('mouse_move', 1)
          },
          () => {},
        )
      }, options.batchMs ?? 1_000)
      motionTimer.unref?.()
      lifecycle.degraded(waylandNote(env))
    },
    drain: readBatch,
    async stop() {
      await readBatch()
      if (control && context) {
        const body = Buffer.alloc(4)
        body.writeUInt32LE(context, 0)
        control.request(extension, 6, body, false) // DisableContext
        control.request(extension, 7, body, false) // FreeContext
      }
      cleanup()
      ownStamper = null
    },
  }
}

/** RecordCreateContext: all clients, device events KeyPress..KeyPress and ButtonPress..ButtonPress. */
function createContextBody(context: number): Buffer {
  const ranges = [
    [KEY_PRESS, KEY_PRESS],
    [BUTTON_PRESS, BUTTON_PRESS],
  ] as const
  const body = Buffer.alloc(16 + 4 + ranges.length * 24)
  body.writeUInt32LE(context, 0)
  body[4] = 0 // no element headers
  body.writeUInt32LE(1, 8) // one client spec
  body.writeUInt32LE(ranges.length, 12)
  body.writeUInt32LE(RECORD_ALL_CLIENTS, 16)
  ranges.forEach(([first, last], index) => {
    const offset = 20 + index * 24
    body[offset + 18] = first // device-events first
    body[offset + 19] = last // device-events last
  })
  return body
}
