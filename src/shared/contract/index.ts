// The one API contract: every method and event the renderer can use. The IPC binding in main,
// the preload bridge and the test transport all derive from this table, so they cannot drift.
// Add a capability: a file beside this one with defineMethods/defineEvents, spread in below.
import type { z } from 'zod'
import { appEvents, appMethods } from './app'
import { calendarMethods } from './calendar'
import { captureMethods } from './capture'
import { entryEvents, entryMethods } from './entries'
import { suggestEvents, suggestMethods } from './suggest'
import { importMethods } from './import'
import { matterMethods } from './matters'
import { projectMethods } from './projects'
import { reportMethods } from './report'
import { syncEvents, syncMethods } from './sync'

export const methods = {
  ...appMethods,
  ...calendarMethods,
  ...captureMethods,
  ...entryMethods,
  ...suggestMethods,
  ...importMethods,
  ...matterMethods,
  ...projectMethods,
  ...reportMethods,
  ...syncMethods,
} as const

export const events = {
  ...appEvents,
  ...entryEvents,
  ...suggestEvents,
  ...syncEvents,
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods & string
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>

export type Events = typeof events
export type EventName = keyof Events & string
export type EventPayload<E extends EventName> = z.output<Events[E]>

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)

export * from './define'
export * from './app'
export * from './calendar'
export * from './matters'
export * from './capture'
export * from './entries'
export * from './suggest'
export * from './projects'
export * from './report'
export * from './sync'
