// The contract's method names as plain strings, for the bridge (preload and the e2e page): it
// only checks names, and importing the contract table would bundle every zod schema into the
// sandboxed preload (200 KB) and the e2e page script (800 KB). The type checker keeps the list
// equal to the contract: a name that is not a method does not compile, nor does a missing one.
import type { MethodName } from './index'

export const METHOD_NAMES = [
  'app.getStatus',
  'tracking.pause',
  'tracking.resume',
  'settings.get',
  'settings.update',
  'backups.list',
  'backups.restore',
  'app.getDiagnostics',
  'capture.getStatus',
  'capture.setPrivateMode',
  'capture.flush',
  'review.listPending',
  'review.getEntries',
  'review.approve',
  'review.reject',
  'review.update',
  'review.split',
  'review.merge',
  'review.undo',
  'away.next',
  'away.decide',
  'timeline.day',
  'suggest.getStatus',
  'import.begin',
  'import.chunk',
  'import.finish',
  'import.cancel',
  'projects.list',
  'projects.save',
  'clients.save',
  'report.get',
  'report.entries',
  'report.export',
  'report.savePdf',
  'report.ledes',
  'matters.list',
  'matters.preview',
  'matters.import',
  'matters.coverage',
  'codes.get',
  'codes.set',
  'guidelines.check',
  'calendar.list',
  'calendar.addFile',
  'calendar.addUrl',
  'calendar.remove',
  'calendar.refresh',
  'calendar.events',
  'sync.now',
  'sync.getStatus',
  'sync.setToken',
  'sync.clearToken',
  'sync.retryFailed',
  'sync.setServer',
] as const satisfies readonly MethodName[]

type Unlisted = Exclude<MethodName, (typeof METHOD_NAMES)[number]>
/** Fails to compile, naming the method, when a contract method is missing above. */
export const EVERY_METHOD_LISTED: [Unlisted] extends [never] ? true : Unlisted = true

const NAMES: ReadonlySet<string> = new Set(METHOD_NAMES)

export const isListedMethodName = (name: unknown): name is MethodName => typeof name === 'string' && NAMES.has(name)
