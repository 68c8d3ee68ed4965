// Every CLI command, in the order `--help` lists them. Add a command: one file, one entry here.
// Modules load only when their command runs: loading every command's dependencies (better-sqlite3,
// zod schemas; under tsx, their compilation) would slow down each call (suggest has a 2 s budget).
// The esbuild bundle (out/cli/billops.js) keeps these imports lazy: test/cli/builtCli.test.ts.
import type { CliCommand } from '../command'
import type { DatabaseUse } from '../databasePath'

export interface CommandEntry {
  name: string
  summary: string
  /** what the command does with --db (checked before it runs: cli/databasePath.ts); unset: no check */
  database?: DatabaseUse | ((argv: readonly string[]) => DatabaseUse | undefined)
  /** options naming an input file that must exist (`-` is stdin): checked before it runs, one message for all */
  inputFiles?: readonly string[]
  load(): Promise<CliCommand>
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'version',
    summary: 'print the app version as JSON',
    load: async () => (await import('./version')).versionCommand,
  },
  {
    name: 'capture',
    database: 'creates',
    summary: 'record real keyboard/mouse/active-app signals until the duration ends or SIGINT/SIGTERM',
    load: async () => (await import('./capture')).captureCommand,
  },
  {
    name: 'import',
    database: 'creates',
    inputFiles: ['input'],
    summary:
      'import signals from a seed ingest request body or an ActivityWatch export (--format activitywatch); unusable signals are reported, the rest kept (--strict: all or nothing)',
    load: async () => (await import('./import')).importCommand,
  },
  {
    name: 'export',
    database: 'reads',
    summary: 'write signals or entries as JSON or CSV to stdout',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'report',
    database: 'reads',
    summary:
      'totals per client, project, day or activity for a period (captured, approved, billed after rounding, synced) as CSV, JSON or standalone HTML',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'suggest',
    inputFiles: ['input'],
    summary: 'turn a seed ingest request into suggested entries (JSON task result on stdout)',
    load: async () => (await import('./suggest')).suggestCommand,
  },
  {
    name: 'process',
    database: 'reads',
    summary: "turn the store's unprocessed signals into pending entries (heuristics worker)",
    load: async () => (await import('./process')).processCommand,
  },
  {
    name: 'entries',
    database: 'reads',
    summary:
      'print local entries: a table on a terminal, a JSON array (contract shape plus local id and sync state) with --json or when piped',
    load: async () => (await import('./entries')).entriesCommand,
  },
  {
    name: 'approve',
    database: 'reads',
    summary:
      'approve entries (ids or unique id prefixes) as the review window does (queues them for sync); prints {"approved","ids"}',
    load: async () => (await import('./approve')).approveCommand,
  },
  {
    name: 'reject',
    database: 'reads',
    summary:
      'reject entries (ids or unique id prefixes) as the review window does (local ones never leave the machine); prints {"rejected","ids"}',
    load: async () => (await import('./reject')).rejectCommand,
  },
  {
    name: 'backup',
    database: 'reads',
    summary:
      'take an online backup of a database file and check it with PRAGMA integrity_check; prints {"backup","verified"}',
    load: async () => (await import('./backup')).backupCommand,
  },
  {
    name: 'restore',
    inputFiles: ['from'],
    summary:
      'replace a database with a verified backup (the app must not run; the old file is renamed aside, never deleted)',
    load: async () => (await import('./restore')).restoreCommand,
  },
  {
    name: 'matters',
    database: (argv) => (argv[0] === 'import' ? 'creates' : 'reads'),
    inputFiles: ['input'],
    summary:
      "import the firm's matter list (CSV or JSON export; columns mapped by header, mapping shown, --dry-run writes nothing; re-import updates) or list it",
    load: async () => (await import('./matters')).mattersCommand,
  },
  {
    name: 'calendar',
    inputFiles: ['ics'],
    database: (argv) => (argv[0] === 'add' ? 'creates' : 'reads'),
    summary:
      'calendar sources: add (--ics FILE | --url-file FILE|- or BILLOPS_CALENDAR_URL for a subscription, https only except localhost; --me EMAIL for your attendance), list, remove --id, refresh, events --from D --to D (the occurrences the app uses); JSON on stdout, exit 3 when a subscription could not be fetched (kept, retried)',
    load: async () => (await import('./calendar')).calendarCommand,
  },
  {
    name: 'sync',
    database: 'reads',
    summary:
      'send approved entries and decisions to BillOps, retrying a busy server up to --max-wait (default 60 s); an unreachable one ends it within about 10 s, exit 3 (token from BILLOPS_TOKEN)',
    load: async () => (await import('./sync')).syncCommand,
  },
]
