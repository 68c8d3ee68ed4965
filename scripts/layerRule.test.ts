// The layer rule must actually fire: each case is an import a layer is not allowed to make.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

const LAYER_RULES = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'boundaries/dependencies',
  'boundaries/no-unknown-files',
  'boundaries/no-unknown-dependencies',
])

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message)
}

describe('layer rule', () => {
  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'\nexport const f = readFileSync\n"],
    ['src/shared/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/renderer/src/state/x.ts', "import { join } from 'path'\nexport const j = join\n"],
    ['src/renderer/src/state/x.ts', "import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer\n"],
    [
      'src/renderer/src/state/x.ts',
      "import { createCore } from '../../../main/app/createCore'\nexport const c = createCore\n",
    ],
    ['src/main/capture/x.ts', "import { powerMonitor } from 'electron'\nexport const p = powerMonitor\n"],
    // the rank inside src/main: base < store < features < api < app < shell/cli
    ['src/main/base/x.ts', "import { openDatabase } from '../store/database'\nexport const o = openDatabase\n"],
    ['src/main/store/x.ts', "import { normalizeAppId } from '../capture/appId'\nexport const n = normalizeAppId\n"],
    [
      'src/main/capture/x.ts',
      "import { createDispatcher } from '../api/dispatcher'\nexport const d = createDispatcher\n",
    ],
    ['src/main/api/x.ts', "import { createCore } from '../app/createCore'\nexport const c = createCore\n"],
    ['src/main/app/x.ts', "import { runCli } from '../cli/runCli'\nexport const r = runCli\n"],
    // features do not import each other
    [
      'src/main/capture/x.ts',
      "import { createReviewService } from '../review/reviewService'\nexport const r = createReviewService\n",
    ],
    ['src/main/sync/x.ts', "import { SuggestHost } from '../suggest/host'\nexport const h = SuggestHost\n"],
    // migrations are frozen: they import nothing of ours, and only the database module runs them
    ['src/main/store/migrations/x.ts', "import { upsertSignals } from '../signals'\nexport const u = upsertSignals\n"],
    [
      'src/main/store/x.ts',
      "import { SIGNAL_KINDS } from './migrations/0006-compact-signals'\nexport const k = SIGNAL_KINDS\n",
    ],
    // test helpers, the reference server and e2e code never ship
    [
      'src/main/capture/x.ts',
      "import { createFakeInput } from '../../../test/support/fakeSources'\nexport const f = createFakeInput\n",
    ],
    [
      'src/main/sync/x.ts',
      "import { startReferenceServer } from '../../../tools/reference-server/server'\nexport const s = startReferenceServer\n",
    ],
    [
      'src/renderer/src/state/x.ts',
      "import { entryFixture } from '../../../../test/shared/entryFixture'\nexport const e = entryFixture\n",
    ],
    // #24: the holes the rank had — calendar is a feature like the others
    [
      'src/main/calendar/x.ts',
      "import { createSyncService } from '../sync/syncService'\nexport const s = createSyncService\n",
    ],
    [
      'src/main/sync/x.ts',
      "import { createCalendarService } from '../calendar/calendarService'\nexport const c = createCalendarService\n",
    ],
    [
      'src/main/store/x.ts',
      "import { createCalendarService } from '../calendar/calendarService'\nexport const c = createCalendarService\n",
    ],
    [
      'src/main/base/x.ts',
      "import { createCalendarService } from '../calendar/calendarService'\nexport const c = createCalendarService\n",
    ],
    [
      'src/main/calendar/x.ts',
      "import { createDispatcher } from '../api/dispatcher'\nexport const d = createDispatcher\n",
    ],
    ['src/main/calendar/x.ts', "import { createCore } from '../app/createCore'\nexport const c = createCore\n"],
    // an unknown folder has no place in the rank: its files fail, and so do imports of them
    ['src/main/newthing/x.ts', "import { createCore } from '../app/createCore'\nexport const c = createCore\n"],
    ['src/main/newthing/x.ts', "import { SuggestHost } from '../suggest/host'\nexport const h = SuggestHost\n"],
    ['src/main/capture/x.ts', "import { thing } from '../newthing/thing'\nexport const t = thing\n"],
    ['src/main/store/x.ts', "import { main } from '../index'\nexport const m = main\n"],
    ['src/main/capture/x.ts', "import { main } from '../cli'\nexport const m = main\n"],
    // the renderer has a rank too: state below views, components below calendar, views apart
    ['src/renderer/src/state/x.ts', "import { buildRows } from '../review/rows'\nexport const b = buildRows\n"],
    [
      'src/renderer/src/components/x.ts',
      "import { CalendarBadge } from '../calendar/CalendarBadge'\nexport const c = CalendarBadge\n",
    ],
    ['src/renderer/src/report/x.ts', "import { buildRows } from '../review/rows'\nexport const b = buildRows\n"],
    ['src/renderer/src/newthing/x.ts', "import { formatClock } from '../format'\nexport const f = formatClock\n"],
    // SQL only in store/: no prepared statements, raw connection, prepare or transaction outside it
    ['src/main/review/x.ts', "import { prepared } from '../store/prepared'\nexport const p = prepared\n"],
    ['src/main/sync/x.ts', "import type { Database } from '../store/database'\nexport type D = Database\n"],
    [
      'src/main/review/x.ts',
      "import type { WritableDB } from '../store/database'\nexport const f = (db: WritableDB) => db.prepare('SELECT 1').get()\n",
    ],
    [
      'src/main/sync/x.ts',
      "import type { WritableDB } from '../store/database'\nexport const f = (db: WritableDB) => db.transaction(() => 1)()\n",
    ],
    [
      'src/main/shell/x.ts',
      "import type { WritableDB } from '../store/database'\nexport const f = (db: WritableDB) => db.pragma('user_version')\n",
    ],
    // the CLI reaches a database through withCore only
    ['src/main/cli/commands/x.ts', "import { listEntries } from '../../store/entries'\nexport const l = listEntries\n"],
    [
      'src/main/cli/commands/x.ts',
      "import { openDatabase } from '../../store/database'\nexport const o = openDatabase\n",
    ],
    ['src/main/cli/x.ts', "import { prepared } from '../store/prepared'\nexport const p = prepared\n"],
  ])('%s may not import that', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([])
  })

  it.each([
    ['src/main/shell/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/capture/x.ts', "import { join } from 'node:path'\nexport const j = join\n"],
    ['src/renderer/src/state/x.ts', "import { z } from 'zod'\nexport const s = z.string()\n"],
    ['src/main/capture/x.ts', "import { openDatabase } from '../store/database'\nexport const o = openDatabase\n"],
    [
      'src/main/capture/x.ts',
      "import { createJitterFilter } from './jitterFilter'\nexport const j = createJitterFilter\n",
    ],
    [
      'src/main/api/x.ts',
      "import { createCaptureService } from '../capture/captureService'\nexport const c = createCaptureService\n",
    ],
    ['src/main/app/x.ts', "import { createDispatcher } from '../api/dispatcher'\nexport const d = createDispatcher\n"],
    ['src/main/cli/x.ts', "import { createCore } from '../app/createCore'\nexport const c = createCore\n"],
    ['src/main/store/database.ts', "import { migrations } from './migrations'\nexport const m = migrations\n"],
    [
      'src/main/capture/x.test.ts',
      "import { createFakeInput } from '../../../test/support/fakeSources'\nexport const f = createFakeInput\n",
    ],
    [
      'src/main/calendar/x.ts',
      "import { createCalendarRepository } from '../store/calendars'\nexport const c = createCalendarRepository\n",
    ],
    [
      'src/main/api/x.ts',
      "import { createCalendarService } from '../calendar/calendarService'\nexport const c = createCalendarService\n",
    ],
    ['src/main/index.ts', "import { createCore } from './app/createCore'\nexport const c = createCore\n"],
    [
      'src/renderer/src/review/x.ts',
      "import { CalendarBadge } from '../calendar/CalendarBadge'\nexport const c = CalendarBadge\n",
    ],
    [
      'src/renderer/src/report/x.ts',
      "import { EditDialog } from '../components/EditDialog'\nexport const e = EditDialog\n",
    ],
    ['src/renderer/src/state/x.ts', "import { insertionIndex } from './queueOrder'\nexport const i = insertionIndex\n"],
    [
      'src/main/cli/commands/x.ts',
      "import { restoreDatabase } from '../../store/restore'\nexport const r = restoreDatabase\n",
    ],
    ['src/main/cli/commands/x.ts', "import { withCore } from '../withCore'\nexport const w = withCore\n"],
    [
      'src/main/store/x.ts',
      "import { prepared } from './prepared'\nimport type { ReadableDB } from './database'\nexport const f = (db: ReadableDB) => prepared(db, 'SELECT 1').get()\n",
    ],
    [
      'src/main/review/x.ts',
      "import type { WritableDB } from '../store/database'\nimport { inTransaction } from '../store/transaction'\nexport const f = (db: WritableDB) => inTransaction(db, () => 1)\n",
    ],
  ])('%s may import that', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})
