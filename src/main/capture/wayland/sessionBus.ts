// One connection to the user's D-Bus session bus for the Wayland backends, over dbus-next (pure
// JS, no native build). Raw messages rather than introspected proxies: we call a handful of
// methods whose signatures we know, and `loadScript` on KWin is overloaded (a proxy would pick
// the wrong one). Signals arrive through match rules we add ourselves. dbus-next is loaded only
// when a Wayland backend starts (X11, macOS and Windows never load it).
import type { Message } from 'dbus-next'

export type BusMessage = Message

export interface SignalMatch {
  /** a well-known name: only signals its current owner sends are delivered (nobody can spoof it) */
  sender?: string
  path?: string
  interface: string
  member: string
}

export interface SessionBus {
  /** calls a method and returns the reply's body; rejects with the D-Bus error's text */
  call(
    destination: string,
    path: string,
    iface: string,
    member: string,
    signature?: string,
    body?: unknown[],
  ): Promise<unknown[]>
  /** true when some client owns `name` right now */
  hasOwner(name: string): Promise<boolean>
  /** the unique name (`:1.7`) of the client owning a well-known name */
  ownerOf(name: string): Promise<string>
  /** delivers matching signals until the returned function is called */
  onSignal(match: SignalMatch, listener: (body: unknown[], message: BusMessage) => void): Promise<() => void>
  /** answers method calls to `path` (our own object); the handler returns the reply or null */
  serve(path: string, handler: (message: BusMessage) => { signature: string; body: unknown[] } | null): () => void
  /** our unique name on the bus (`:1.42`) */
  uniqueName(): string
  /** called once when the connection is lost */
  onClosed(listener: (reason: string) => void): void
  close(): void
}

function matchRule(match: SignalMatch): string {
  const parts = [`type='signal'`, `interface='${match.interface}'`, `member='${match.member}'`]
  if (match.sender) parts.push(`sender='${match.sender}'`)
  if (match.path) parts.push(`path='${match.path}'`)
  return parts.join(',')
}

/** Connects to the session bus named by `env` (DBUS_SESSION_BUS_ADDRESS). */
export async function openSessionBus(env: NodeJS.ProcessEnv): Promise<SessionBus> {
  const address = env.DBUS_SESSION_BUS_ADDRESS
  if (!address) throw new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)')
  const { default: dbus } = await import('dbus-next')
  const bus = dbus.sessionBus({ busAddress: address })
  const closedListeners: ((reason: string) => void)[] = []
  let closed = false
  const markClosed = (reason: string) => {
    if (closed) return
    closed = true
    for (const listener of closedListeners) listener(reason)
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)))
    bus.once('connect', () => {
      bus.off('error', onError)
      resolve()
    })
    bus.once('error', onError)
  })
  bus.on('error', (error: unknown) => markClosed(`D-Bus connection lost: ${String(error)}`))

  const call: SessionBus['call'] = async (destination, path, iface, member, signature = '', body = []) => {
    const reply = await bus.call(new dbus.Message({ destination, path, interface: iface, member, signature, body }))
    return reply?.body ?? []
  }

  const ownerOf = async (name: string) => {
    const [owner] = await call(
      'org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus',
      'GetNameOwner',
      's',
      [name],
    )
    return String(owner)
  }

  return {
    call,
    ownerOf,
    async hasOwner(name) {
      const [owned] = await call(
        'org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus',
        'NameHasOwner',
        's',
        [name],
      )
      return owned === true
    },
    async onSignal(match, listener) {
      const rule = matchRule(match)
      await call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [rule])
      // A signal sent to us directly skips the bus's match rules: check its sender ourselves.
      const sender = match.sender ? await ownerOf(match.sender) : null
      const onMessage = (message: Message) => {
        if (message.type !== dbus.MessageType.SIGNAL) return
        if (sender !== null && message.sender !== sender) return
        if (message.interface !== match.interface || message.member !== match.member) return
        if (match.path && message.path !== match.path) return
        listener(message.body, message)
      }
      bus.on('message', onMessage)
      return () => {
        bus.off('message', onMessage)
        if (!closed)
          void call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'RemoveMatch', 's', [
            rule,
          ]).catch(() => {})
      }
    },
    serve(path, handler) {
      const onCall = (message: Message) => {
        if (message.path !== path) return false
        const reply = handler(message)
        if (!reply) return false
        bus.send(dbus.Message.newMethodReturn(message, reply.signature, reply.body))
        return true
      }
      bus.addMethodHandler(onCall)
      return () => bus.removeMethodHandler(onCall)
    },
    uniqueName: () => (bus as unknown as { name: string }).name,
    onClosed(listener) {
      closedListeners.push(listener)
    },
    close() {
      markClosed('closed')
      bus.disconnect()
    },
  }
}
