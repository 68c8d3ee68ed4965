// The one signal registry (#24): every signal type and everything the app knows about it — how
// it is stored, its usual source, what it says about presence, its name on the wire, the names
// other tools give it, what capture reports it from and what it carries. Every other table
// derives from this one: domain.ts (SignalType, SOURCE_TYPE_OF), presence.ts (PRESENCE_MEANING),
// signalNames.ts (aliases), store/signalKinds.ts (stored codes), capture/types.ts (InputKind,
// SystemEvent), contract/app.ts (capture health sources) and the engine's signal table.
//
// Adding a type is one entry here (and its tests): the store takes a new code without a
// migration (signal_kinds is filled from this registry when a database opens, migration 0015).
// Pure data: no imports, so every layer (main, worker, renderer) may read it.

/** Where a signal comes from, in the seed contract's words. */
export const SOURCE_TYPES = ['keyboard', 'mouse', 'window', 'system'] as const
export type SourceTypeName = (typeof SOURCE_TYPES)[number]

/** What a signal type says about presence (src/shared/presence.ts):
 * input — someone was at the machine, working in `app`;
 * leave — the machine was not usable from then on (activity ended at the last input before);
 * fact — true, but it decides nothing (the presence rules judge the quiet stretch it describes). */
export type PresenceMeaning = 'input' | 'leave' | 'fact'

/** The capture sources (capture/types.ts CaptureSources), as capture health names them. */
export const CAPTURE_SOURCES = ['input', 'window', 'system'] as const
export type CaptureSourceName = (typeof CAPTURE_SOURCES)[number]

export interface SignalTypeSpec {
  /**
   * Stored `kind` (signals.kind → signal_kinds.code). The primary key (ts, kind, app) sorts by it,
   * so within one second signals read back in this order: coming back first, then focus, input,
   * leaving last. Codes are spaced by ten: a new type takes a free code where it belongs in that
   * order. A code is never reused nor changed once released (databases hold it).
   */
  readonly code: number
  /** the seed's source_type the type usually comes with (imports may say otherwise) */
  readonly source: SourceTypeName
  readonly presence: PresenceMeaning
  /** the `type` sent to the server (the contract's vocabulary is open: it takes our names) */
  readonly wire: string
  /** other tools' names for it (lower case, `_` for spaces and dashes), read as this type */
  readonly aliases: readonly string[]
  /** how capture learns of it: the input source's counted input, the window source, the system
   * source's events, or capture's own idle clock (the system source's idle seconds) */
  readonly capture: 'input' | 'window' | 'system' | 'idle'
  /** count may exceed 1: that many raw events in the second; otherwise always 1 */
  readonly counts: boolean
  /** carries the window title (local only, never on the wire) */
  readonly title: boolean
}

/** Every signal type, in the order of the seed's enum (the engine's in-memory type codes). */
export const SIGNAL_REGISTRY = {
  keyboard: {
    code: 50,
    source: 'keyboard',
    presence: 'input',
    wire: 'keyboard',
    aliases: ['key', 'keypress', 'key_press', 'keydown'],
    capture: 'input',
    counts: true,
    title: false,
  },
  mouse_click: {
    code: 60,
    source: 'mouse',
    presence: 'input',
    wire: 'mouse_click',
    aliases: ['click', 'mouse_down'],
    capture: 'input',
    counts: true,
    title: false,
  },
  mouse_move: {
    code: 70,
    source: 'mouse',
    presence: 'input',
    wire: 'mouse_move',
    aliases: ['move', 'mousemove', 'mouse_motion'],
    capture: 'input',
    counts: true,
    title: false,
  },
  mouse_scroll: {
    code: 80,
    source: 'mouse',
    presence: 'input',
    wire: 'mouse_scroll',
    aliases: ['scroll', 'wheel', 'mouse_wheel'],
    capture: 'input',
    counts: true,
    title: false,
  },
  app_focus: {
    code: 40,
    source: 'window',
    presence: 'input',
    wire: 'app_focus',
    aliases: ['app_switch', 'window_focus', 'focus', 'window_change'],
    capture: 'window',
    counts: false,
    title: true,
  },
  idle_start: {
    code: 100,
    source: 'system',
    presence: 'fact',
    wire: 'idle_start',
    aliases: ['idle', 'afk'],
    capture: 'idle',
    counts: false,
    title: false,
  },
  idle_end: {
    code: 30,
    source: 'system',
    presence: 'fact',
    wire: 'idle_end',
    aliases: ['not_afk', 'active'],
    capture: 'idle',
    counts: false,
    title: false,
  },
  lock: {
    code: 110,
    source: 'system',
    presence: 'leave',
    wire: 'lock',
    aliases: ['screen_lock'],
    capture: 'system',
    counts: false,
    title: false,
  },
  unlock: {
    code: 10,
    source: 'system',
    presence: 'fact',
    wire: 'unlock',
    aliases: ['screen_unlock'],
    capture: 'system',
    counts: false,
    title: false,
  },
  suspend: {
    code: 120,
    source: 'system',
    presence: 'leave',
    wire: 'suspend',
    aliases: ['sleep'],
    capture: 'system',
    counts: false,
    title: false,
  },
  resume: {
    code: 20,
    source: 'system',
    presence: 'fact',
    wire: 'resume',
    aliases: ['wake'],
    capture: 'system',
    counts: false,
    title: false,
  },
  shutdown: {
    code: 130,
    source: 'system',
    presence: 'leave',
    wire: 'shutdown',
    aliases: [],
    capture: 'system',
    counts: false,
    title: false,
  },
  /**
   * A second in which the compositor saw the user active (any key, click or motion), where the
   * platform gives no counts: Wayland lets no ordinary client hook input, so the GNOME and KDE
   * backends record presence from the compositor's idle monitor instead of keystrokes. Count 1
   * per second; it is activity like keyboard input, never a count of keys. Stored with the input
   * kinds, so in one second it sorts after app_focus and before idle_start.
   */
  presence: {
    code: 90,
    source: 'system',
    presence: 'input',
    wire: 'presence',
    aliases: ['user_active', 'present'],
    capture: 'input',
    counts: true,
    title: false,
  },
} as const satisfies Record<string, SignalTypeSpec>

type Registry = typeof SIGNAL_REGISTRY
export type SignalTypeName = keyof Registry

/** Type names whose spec field `K` is `V` (e.g. the types capture counts as input). */
export type SignalTypesWhere<K extends keyof SignalTypeSpec, V> = {
  [T in SignalTypeName]: Registry[T][K] extends V ? T : never
}[SignalTypeName]

/**
 * Everything read off a registry: one function, so a test can build the same views of a registry
 * with one more type (signalKindsNewType.test.ts) and see the app take it.
 */
export function registryViews<R extends Readonly<Record<string, SignalTypeSpec>>>(registry: R) {
  type Name = keyof R & string
  const names = Object.keys(registry) as [Name, ...Name[]]
  const specs: ReadonlyArray<SignalTypeSpec & { readonly type: Name }> = names.map((type) => ({
    type,
    ...registry[type],
  }))
  return {
    SIGNAL_REGISTRY: registry,
    /** The type names as a non-empty tuple, for z.enum. */
    SIGNAL_TYPE_NAMES: names,
    /** The spec of every type, in registry order. */
    SIGNAL_SPECS: specs,
    /** The names sent to the server, for the wire schema. */
    SIGNAL_WIRE_NAMES: specs.map((spec) => spec.wire) as [string, ...string[]],
    /** Whether a name (read from storage or the outside) is one of our type names. */
    isSignalTypeName: (name: string): name is Name => Object.hasOwn(registry, name),
    /** `{type: spec[field]}` for every type: the lookup tables the other modules keep. */
    signalTypeTable: <K extends keyof SignalTypeSpec>(field: K) =>
      Object.fromEntries(specs.map((spec) => [spec.type, spec[field]])) as unknown as { readonly [T in Name]: R[T][K] },
  }
}

const views = registryViews(SIGNAL_REGISTRY)
export const SIGNAL_TYPE_NAMES = views.SIGNAL_TYPE_NAMES
export const SIGNAL_SPECS = views.SIGNAL_SPECS
export const SIGNAL_WIRE_NAMES = views.SIGNAL_WIRE_NAMES
export const isSignalTypeName = views.isSignalTypeName
export const signalTypeTable = views.signalTypeTable

/** Other tools' source names, read as ours (`cli import`, the engine, the ActivityWatch import). */
export const SOURCE_ALIASES: Readonly<Record<string, SourceTypeName>> = {
  app: 'window',
  application: 'window',
  window: 'window',
  focus: 'window',
  keyboard: 'keyboard',
  key: 'keyboard',
  mouse: 'mouse',
  pointer: 'mouse',
  trackpad: 'mouse',
  touchpad: 'mouse',
  system: 'system',
  os: 'system',
}
