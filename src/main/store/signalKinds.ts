// Signal types as stored (`kind`), in the order they happen within one second: coming back first,
// then focus, then input, leaving last. The primary key sorts by it, so reading a range in key
// order is reading it in time order. The codes are the schema's (migration 0006 keeps its own
// frozen copy; signalKinds.test.ts checks they agree with the newest one, 0013): a new kind needs
// a migration that rebuilds the table (the codes are in its CHECK and virtual columns).
export const SIGNAL_KINDS = [
  ['unlock', 'system'],
  ['resume', 'system'],
  ['idle_end', 'system'],
  ['app_focus', 'window'],
  ['keyboard', 'keyboard'],
  ['mouse_click', 'mouse'],
  ['mouse_move', 'mouse'],
  ['mouse_scroll', 'mouse'],
  ['presence', 'system'],
  ['idle_start', 'system'],
  ['lock', 'system'],
  ['suspend', 'system'],
  ['shutdown', 'system'],
] as const

/** `kind` of app_focus signals */
export const FOCUS_KIND = SIGNAL_KINDS.findIndex(([type]) => type === 'app_focus')
