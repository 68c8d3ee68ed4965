// The session bus wrapper against a real private dbus-daemon: signals are taken only from the
// current owner of the name they are expected from, even when another client sends them to us
// directly (which skips the bus's match rules), and method calls reach our own object.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import dbus from 'dbus-next'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../../../../test/support/waitUntil'
import { waitForExit } from '../../../../test/support/xvfb'
import { missingBinaries } from '../../../../test/support/waylandSession'
import { openSessionBus, type SessionBus } from './sessionBus'

const missing = missingBinaries(['dbus-daemon'])
if (missing) console.warn(`SKIPPED session bus tests: ${missing}`)

let dir: string
let daemon: ChildProcess
let env: NodeJS.ProcessEnv
const clients: dbus.MessageBus[] = []

beforeAll(async () => {
  if (missing) return
  dir = mkdtempSync(join(tmpdir(), 'session-bus-'))
  env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'bus')}` }
  daemon = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=${env.DBUS_SESSION_BUS_ADDRESS}`], {
    stdio: 'ignore',
  })
  const probe = async () => (await openSessionBus(env)).close()
  for (let i = 0; ; i++) {
    try {
      await probe()
      break
    } catch (error) {
      if (i > 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
})
afterAll(async () => {
  for (const client of clients) client.disconnect()
  if (daemon) {
    daemon.kill('SIGTERM')
    await waitForExit(daemon, 3_000)
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function client(): Promise<dbus.MessageBus> {
  const bus = dbus.sessionBus({ busAddress: env.DBUS_SESSION_BUS_ADDRESS })
  clients.push(bus)
  await new Promise((resolve) => bus.once('connect', resolve))
  return bus
}

describe.skipIf(missing !== null)('session bus', () => {
  it("delivers a signal from the name's owner and drops the same signal sent by another client", async () => {
    const ours: SessionBus = await openSessionBus(env)
    const owner = await client()
    await owner.requestName('org.example.Focus', 0)
    const intruder = await client()
    const seen: string[] = []
    const stop = await ours.onSignal(
      { sender: 'org.example.Focus', path: '/app/billops/Focus', interface: 'app.billops.Focus1', member: 'Changed' },
      ([json]) => void seen.push(String(json)),
    )
    const signal = (text: string, destination?: string) =>
      new dbus.Message({
        type: dbus.MessageType.SIGNAL,
        path: '/app/billops/Focus',
        interface: 'app.billops.Focus1',
        member: 'Changed',
        signature: 's',
        body: [text],
        destination,
      })
    intruder.send(signal('spoofed, sent to us directly', ours.uniqueName()))
    intruder.send(signal('spoofed broadcast'))
    owner.send(signal('from the owner'))
    await until('the owner signal', () => seen.length > 0, 5_000)
    await new Promise((resolve) => setTimeout(resolve, 200)) // anything else would have come by now
    expect(seen).toEqual(['from the owner'])
    stop()
    ours.close()
  })

  it('answers calls to our own object and reports the caller', async () => {
    const ours = await openSessionBus(env)
    const callers: string[] = []
    ours.serve('/app/billops/KWinFocus', (message) => {
      callers.push(message.sender)
      return { signature: 's', body: ['ok'] }
    })
    const caller = await client()
    const reply = await caller.call(
      new dbus.Message({
        destination: ours.uniqueName(),
        path: '/app/billops/KWinFocus',
        interface: 'app.billops.KWinFocus1',
        member: 'Changed',
        signature: 's',
        body: ['{}'],
      }),
    )
    expect(reply?.body).toEqual(['ok'])
    expect(callers).toEqual([(caller as unknown as { name: string }).name])
    expect(await ours.ownerOf('org.freedesktop.DBus')).toBe('org.freedesktop.DBus')
    ours.close()
  })
})
