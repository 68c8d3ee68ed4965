// The platform edges of capture, each behind a small interface so the CLI and the tests run
// without Electron and with fakes. Sources report *that* something happened, never what: no key
// code, character or coordinate crosses these interfaces.
import type { SignalTypesWhere } from '../../shared/signalRegistry'

/**
 * Kinds of raw input a source counts: the registry's types captured as `input`. `presence` is one
 * second in which the platform saw the user active without telling what (Wayland: the
 * compositor's idle monitor), where no counts exist.
 */
export type InputKind = SignalTypesWhere<'capture', 'input'>

/**
 * Raw input: `count` events of `kind` that happened at wall-clock `atMs` (omitted: just now).
 * Sources that deliver late (batches) must pass the time the input happened: capture credits it
 * to the window that was in front then, in the second it happened in.
 */
export type InputListener = (kind: InputKind, count: number, atMs?: number) => void

/** The front window changed to `window` at wall-clock `atMs` (omitted: just now). */
export type WindowListener = (window: ActiveWindow | null, atMs?: number) => void

/** How a running source tells capture it can no longer work (capture retries with backoff). */
export interface SourceLifecycle {
  /** the source stopped working for good; capture restarts it later */
  failed(reason: string): void
  /** it works, but less well than it should (shown as degraded); null clears the note */
  degraded(reason: string | null): void
}

export interface InputSource {
  readonly name: string
  /** Starts counting raw input. Rejects when the hook cannot start (no X server, no permission…). */
  start(onInput: InputListener, lifecycle: SourceLifecycle): Promise<void>
  /**
   * Sources that batch raw events (to wake up once a second, not per event) deliver what they
   * hold back; capture calls this before it writes, so nothing typed before a flush waits.
   */
  drain?(): Promise<void>
  stop(): Promise<void>
}

/** The front window as the platform reports it: owner name (not yet normalised) and raw title. */
export interface ActiveWindow {
  owner: string
  title: string | null
}

export interface ActiveWindowSource {
  readonly name: string
  /**
   * Starts reporting the front window: `onChange` is called with the current window right after
   * start and whenever owner or title changes (null when the platform cannot tell).
   */
  start(onChange: WindowListener, lifecycle: SourceLifecycle): Promise<void>
  /** a hint that input just happened: polling sources may refresh early */
  poke?(): void
  /**
   * Wall-clock ms up to which every front-window change has been reported. Input after it waits
   * until the source catches up, so a press is never credited to the window before a switch the
   * source has seen but not reported yet. Omitted: changes are reported as they happen.
   */
  settledUntil?(): number
  stop(): Promise<void>
}

/** What a system source reports: the registry's types captured as `system`. */
export type SystemEvent = SignalTypesWhere<'capture', 'system'>

export interface SystemStateSource {
  readonly name: string
  start(onEvent: (event: SystemEvent) => void, lifecycle: SourceLifecycle): Promise<void>
  /** seconds since the last input anywhere on the system; null when the platform cannot tell */
  idleSeconds(): number | null
  stop(): Promise<void>
}

export interface CaptureSources {
  input?: InputSource
  window?: ActiveWindowSource
  system?: SystemStateSource
}
