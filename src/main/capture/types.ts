// The platform edges of capture, each behind a small interface so the CLI and the tests run
// without Electron and with fakes. Sources report *that* something happened, never what: no key
// code, character or coordinate crosses these interfaces.

/** Kinds of raw input a source counts. */
export type InputKind = 'keyboard' | 'mouse_click' | 'mouse_scroll' | 'mouse_move'

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
  start(onInput: (kind: InputKind, count: number) => void, lifecycle: SourceLifecycle): Promise<void>
  /**
   * Sources that batch raw events (to wake up once a second, not per event) deliver what they
   * hold back; capture calls this before applying a focus change, so input before the switch is
   * counted for the app it went to.
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
  start(onChange: (window: ActiveWindow | null) => void, lifecycle: SourceLifecycle): Promise<void>
  /** a hint that input just happened: polling sources may refresh early */
  poke?(): void
  stop(): Promise<void>
}

export type SystemEvent = 'lock' | 'unlock' | 'suspend' | 'resume' | 'shutdown'

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
