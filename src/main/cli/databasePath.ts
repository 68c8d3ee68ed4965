// `--db PATH` is checked before a command opens it: SQLite would happily create a new, empty file
// at a mistyped path, and the user would think their time is gone. Commands that read or change a
// database need one that exists; the commands that gather data (capture, import, calendar add)
// may create one, and say so. Neither creates folders: a missing folder is a typo too. Input
// files named by an option are checked here too, so every command says the same when one is missing.
import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** What a command does with --db: `reads` needs an existing file, `creates` may make a new one. */
export type DatabaseUse = 'reads' | 'creates'

/** `created`: the full path when the command may create the database there (it does not exist yet). */
export type DatabaseCheck = { ok: true; created: string | null } | { ok: false; error: string }

/** The value of `--NAME` in a command's arguments (`--NAME X` or `--NAME=X`), if any. */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === `--${name}`) return argv[i + 1]
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3)
  }
  return undefined
}

/** An input file option (`--input`, `--ics`, …) naming nothing: the same message for every command. */
export function missingInputFile(path: string, option: string): string | null {
  if (path === '-' || path === '' || existsSync(path)) return null
  return `no file at ${resolve(path)} (--${option}); check the path`
}

export function checkDatabasePath(path: string, use: DatabaseUse, program: string): DatabaseCheck {
  if (path === ':memory:' || path === '') return { ok: true, created: null }
  const full = resolve(path)
  if (existsSync(full)) {
    return statSync(full).isDirectory()
      ? { ok: false, error: `${full} is a folder; --db takes the database file inside it` }
      : { ok: true, created: null }
  }
  if (use === 'reads') {
    return {
      ok: false,
      error:
        `no database at ${full}; check the path for a typo, or create one first ` +
        `(\`${program} capture --db ${path}\` records activity, \`${program} import --db ${path} --input FILE\` imports it)`,
    }
  }
  const folder = dirname(full)
  if (!existsSync(folder))
    return {
      ok: false,
      error: `no folder ${folder} for the new database ${full}; create the folder first or check the path for a typo`,
    }
  return { ok: true, created: full }
}
