// Presence from an idle monitor: Wayland gives an ordinary client no global input hook (only
// /dev/input would, which is keylogger-grade access), but the compositor tells when the user
// becomes active and when input stops. While active, capture gets one `presence` per second —
// an honest "someone was working here", never a count of keys or clicks.
import type { InputListener, SourceLifecycle } from '../types'

/** After this long without input the user counts as gone for presence (not for the idle threshold). */
export const PRESENCE_IDLE_MS = 1_000

export interface IdleWatcher {
  /** calls onActive when input starts after a pause, onIdle after PRESENCE_IDLE_MS without input */
  start(onActive: () => void, onIdle: () => void, lifecycle: SourceLifecycle): Promise<void>
  stop(): Promise<void>
}

export interface PresenceRecorder {
  active(): void
  idle(): void
  stop(): void
}

/** One `presence` per second while active; nothing at all (no timer) while idle. */
export function createPresenceRecorder(onInput: InputListener, now: () => number = Date.now): PresenceRecorder {
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastSecond = Number.NEGATIVE_INFINITY
  const tick = () => {
    const at = now()
    const second = Math.floor(at / 1000)
    if (second !== lastSecond) {
      lastSecond = second
      onInput('presence', 1) // stamped by capture's clock, like a focus change
    }
    // next wake-up just after the next second begins: one per second, none skipped
    timer = setTimeout(tick, 1_000 - (at % 1_000) + 10)
    timer.unref?.()
  }
  const idle = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return {
    active() {
      if (!timer) tick()
    },
    idle,
    stop: idle,
  }
}
