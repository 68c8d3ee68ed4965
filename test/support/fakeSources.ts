// Hand-driven capture sources for tests: they record nothing themselves, the test pushes input,
// window changes and system events, or makes start fail.
import type {
  ActiveWindow,
  ActiveWindowSource,
  InputKind,
  InputListener,
  InputSource,
  SourceLifecycle,
  SystemEvent,
  SystemStateSource,
  WindowListener,
} from '../../src/main/capture/types'

export interface FakeInput extends InputSource {
  /** `atMs`: when the input happened (a batching source delivers it later) */
  emit(kind: InputKind, count?: number, atMs?: number): void
  lifecycle(): SourceLifecycle | null
  /** make the next `start` calls reject with this message (null: succeed) */
  failStartsWith(message: string | null): void
  starts(): number
}

export function createFakeInput(): FakeInput {
  let listener: InputListener | null = null
  let currentLifecycle: SourceLifecycle | null = null
  let failure: string | null = null
  let startCount = 0
  return {
    name: 'fake-input',
    async start(onInput, lifecycle) {
      startCount += 1
      if (failure) throw new Error(failure)
      listener = onInput
      currentLifecycle = lifecycle
    },
    async stop() {
      listener = null
    },
    emit(kind, count = 1, atMs) {
      listener?.(kind, count, atMs)
    },
    lifecycle: () => currentLifecycle,
    failStartsWith(message) {
      failure = message
    },
    starts: () => startCount,
  }
}

export interface FakeWindow extends ActiveWindowSource {
  /** `atMs`: when the change happened (a polling source reports it later) */
  focus(window: ActiveWindow | null, atMs?: number): void
  /** pretend changes after `ms` may not be reported yet (see ActiveWindowSource.settledUntil) */
  setSettledUntil(ms: number): void
}

export function createFakeWindow(initial: ActiveWindow | null = null): FakeWindow {
  let listener: WindowListener | null = null
  let current = initial
  let settled = Number.POSITIVE_INFINITY
  return {
    name: 'fake-window',
    async start(onChange) {
      listener = onChange
      onChange(current)
    },
    async stop() {
      listener = null
    },
    focus(window, atMs) {
      current = window
      listener?.(window, atMs)
    },
    settledUntil: () => settled,
    setSettledUntil(ms) {
      settled = ms
    },
  }
}

export interface FakeSystem extends SystemStateSource {
  emit(event: SystemEvent): void
  setIdleSeconds(seconds: number | null): void
}

export function createFakeSystem(): FakeSystem {
  let listener: ((event: SystemEvent) => void) | null = null
  let idle: number | null = 0
  return {
    name: 'fake-system',
    async start(onEvent) {
      listener = onEvent
    },
    async stop() {
      listener = null
    },
    idleSeconds: () => idle,
    emit(event) {
      listener?.(event)
    },
    setIdleSeconds(seconds) {
      idle = seconds
    },
  }
}
