// Who has a database open: the app, `billops capture`, `billops sync` and every other command
// register while they hold it, so `restore` can refuse to replace a file someone is writing
// (their rows would land in the file renamed aside and be lost from the restored one).
//
// One small file per open connection in `<db>.holders/` (pid, what it is, how to stop it): a
// plain file works on every platform and several holders can coexist. A holder that crashed
// leaves its file behind; it is recognised as stale when its pid no longer runs and is removed
// by the next look. (A pid reused by an unrelated process keeps a stale entry alive until that
// process ends; the refusal names the file, so the user can delete it.)
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writePrivateFile } from '../base/privateFiles'

export interface DatabaseHolder {
  /** what holds it, as the user knows it: "BillOps Tracker", "billops capture" */
  name: string
  /** how to make it let go: "quit it from the tray first" */
  stop: string
}

export const DEFAULT_HOLDER: DatabaseHolder = { name: 'a billops command', stop: 'wait for it to finish' }

const HolderFile = z.object({ pid: z.number().int().positive(), name: z.string(), stop: z.string(), since: z.string() })
export type HeldBy = z.infer<typeof HolderFile> & { file: string }

export const holdersDir = (dbPath: string): string => `${dbPath}.holders`

/** Whether a process with this pid runs (EPERM: it runs under another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

const held = new Set<string>()
let exitHookInstalled = false
let seq = 0

/** Registers this process as a holder of `dbPath`; the returned function lets go. */
export function holdDatabase(dbPath: string, holder: DatabaseHolder): () => void {
  if (dbPath === ':memory:') return () => {}
  const dir = holdersDir(dbPath)
  // Not recursive: the database's folder exists by now (and Node's recursive mkdir never returns
  // on some virtual file systems, such as /proc).
  try {
    mkdirSync(dir, { mode: 0o700 })
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error
  }
  const file = join(dir, `${process.pid}-${++seq}.json`)
  writePrivateFile(
    file,
    JSON.stringify({ pid: process.pid, name: holder.name, stop: holder.stop, since: new Date().toISOString() }),
  )
  held.add(file)
  if (!exitHookInstalled) {
    exitHookInstalled = true
    // A process that exits without closing its database (process.exit in a command) lets go too.
    process.once('exit', () => {
      for (const path of held) rmSync(path, { force: true })
    })
  }
  return () => {
    held.delete(file)
    rmSync(file, { force: true })
  }
}

/** Holders whose process still runs; files left by ones that do not are removed. */
export function liveHolders(dbPath: string): HeldBy[] {
  const dir = holdersDir(dbPath)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const live: HeldBy[] = []
  for (const name of names) {
    if (!name.endsWith('.json')) continue
    const file = join(dir, name)
    let parsed: z.infer<typeof HolderFile> | null = null
    try {
      const result = HolderFile.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      parsed = result.success ? result.data : null
    } catch {
      parsed = null
    }
    // Unreadable: written part-way by a holder that died at that moment (the write is tiny).
    if (parsed && processRuns(parsed.pid)) live.push({ ...parsed, file })
    else rmSync(file, { force: true })
  }
  return live
}

export class DatabaseInUseError extends Error {
  constructor(
    dbPath: string,
    readonly holders: readonly HeldBy[],
  ) {
    const first = holders[0] as HeldBy
    const others = holders.length > 1 ? ` (and ${holders.length - 1} more)` : ''
    super(
      `${first.name} is running (pid ${first.pid}): ${first.stop}${others}; ${dbPath} is in use (if that process is not BillOps, delete ${first.file})`,
    )
    this.name = 'DatabaseInUseError'
  }
}
