// billops calendar add --db F (--ics FILE | --url-file FILE|-) [--me EMAIL]… | list | remove --id ID | refresh
//                  | events --db F --from D --to D [--json]
// Calendar sources as Settings → Calendars manages them; answers are JSON on stdout (events
// also as plain lines). A subscription URL usually carries a secret: it is read from a file,
// stdin or BILLOPS_CALENDAR_URL, never from argv (visible to `ps`), and shown redacted.
import { readFile } from 'node:fs/promises'
import { decodeCalendarBytes } from '../../../shared/calendar/decode'
import { Email } from '../../../shared/contract/calendar'
import type { CalendarSource } from '../../../shared/contract/calendar'
import type { Core } from '../../app/createCore'
import { withCore } from '../withCore'
import { silentLogger } from '../../base/logger'
import { createFileSecretStore } from '../../base/secretStore'
import { CalendarInputError, type CalendarOccurrence } from '../../calendar/calendarService'
import { meetingSummary } from '../meetingSummary'
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_UNREACHABLE,
  parseCommandArgs,
  requireOption,
  UsageError,
  type CliCommand,
  type CliIo,
} from '../command'

const SUBCOMMANDS = ['add', 'list', 'remove', 'refresh', 'events'] as const
type Subcommand = (typeof SUBCOMMANDS)[number]

const OPTIONS = {
  db: { type: 'string' },
  ics: { type: 'string' },
  url: { type: 'string' },
  'url-file': { type: 'string' },
  me: { type: 'string', multiple: true },
  id: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
} as const

export const URL_ENV = 'BILLOPS_CALENDAR_URL'
const DAY = 86_400_000
const MAX_EVENTS_RANGE_MS = 366 * DAY

export const calendarCommand: CliCommand = {
  name: 'calendar',
  usage:
    'calendar add --db FILE (--ics FILE | --url-file FILE|- | with BILLOPS_CALENDAR_URL set) [--me EMAIL]... | calendar list --db FILE | calendar remove --db FILE --id ID | calendar refresh --db FILE | calendar events --db FILE --from YYYY-MM-DD --to YYYY-MM-DD [--json]',
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (!SUBCOMMANDS.includes(sub as Subcommand))
      throw new UsageError(`calendar needs one of ${SUBCOMMANDS.join(', ')}`)
    const values = parseCommandArgs(rest, OPTIONS)
    if (values.url !== undefined) {
      throw new UsageError(
        `a subscription URL carries a secret: give it with --url-file FILE, --url-file - (stdin) or ${URL_ENV}, never on the command line`,
      )
    }
    const dbPath = requireOption(values.db, 'db')
    // Subscription URLs are kept beside the database (0600): the CLI has no OS keyring.
    const secretStore = createFileSecretStore(`${dbPath}.secrets.json`)
    return withCore(io, { dbPath, logger: silentLogger, secretStore }, async (core) => {
      try {
        return await runSubcommand(sub as Subcommand, values, core, io)
      } catch (error) {
        if (!(error instanceof CalendarInputError)) throw error
        io.stderr(`error: ${error.message}\n`)
        return EXIT_FAILURE
      }
    })
  },
}

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>

async function runSubcommand(sub: Subcommand, values: Values, core: Core, io: CliIo): Promise<number> {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value)}\n`)
  switch (sub) {
    case 'list': {
      print(core.calendar.list())
      const summary = meetingSummary(core.calendar.meetingCounts())
      if (summary) io.stderr(summary)
      return EXIT_OK
    }
    case 'remove': {
      const id = requireOption(values.id, 'id')
      if (!core.calendar.remove(id)) {
        io.stderr(`error: no calendar ${id}\n`)
        return EXIT_FAILURE
      }
      print({ removed: id })
      return EXIT_OK
    }
    case 'refresh': {
      const sources = await core.calendar.refreshAll()
      print(sources)
      return reportFailures(sources, io) ? EXIT_PARTIAL : EXIT_OK
    }
    case 'events': {
      const fromMs = dayStart(requireOption(values.from, 'from'), 'from')
      const toMs = dayStart(requireOption(values.to, 'to'), 'to') + DAY
      if (toMs <= fromMs || toMs - fromMs > MAX_EVENTS_RANGE_MS)
        throw new UsageError('--from must not be after --to, and the range at most 366 days')
      const occurrences = core.calendar.occurrences(fromMs, toMs)
      if (values.json) print(occurrences)
      else for (const occurrence of occurrences) io.stdout(`${occurrenceLine(occurrence)}\n`)
      return EXIT_OK
    }
    case 'add':
      return add(values, core, io)
  }
}

async function add(values: Values, core: Core, io: CliIo): Promise<number> {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value)}\n`)
  const myEmails = (values.me ?? []).map((raw) => {
    const parsed = Email.safeParse(raw)
    if (!parsed.success) throw new UsageError(`--me ${raw}: not an e-mail address`)
    return parsed.data
  })
  const fromEnv = io.env[URL_ENV]?.trim() || undefined
  const urlGiven = values['url-file'] !== undefined || (values.ics === undefined && fromEnv !== undefined)
  if ((values.ics === undefined) === !urlGiven)
    throw new UsageError(`give exactly one of --ics FILE or --url-file FILE|- (or set ${URL_ENV})`)
  if (values.ics !== undefined) {
    let bytes: Buffer
    try {
      bytes = await readFile(values.ics)
    } catch (error) {
      throw new CalendarInputError(
        `cannot read ${values.ics}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      )
    }
    const added = await core.calendar.addFile({ location: values.ics, text: decodeCalendarBytes(bytes).text, myEmails })
    print(added)
    explainRange(added, io)
    return EXIT_OK
  }
  const url = values['url-file'] !== undefined ? await readUrl(values['url-file'], io) : (fromEnv as string)
  let source: CalendarSource
  try {
    source = await core.calendar.addUrl({ url, myEmails })
  } catch (error) {
    // Not https, not a URL: the input is wrong.
    if (error instanceof CalendarInputError) throw new UsageError(error.message)
    throw error
  }
  print(source)
  explainRange(source, io)
  // Added, but the first fetch failed: the next refresh retries; nothing is lost.
  return reportFailures([source], io) ? EXIT_UNREACHABLE : EXIT_OK
}

/** The URL from a file or stdin ("-"): its first non-empty line. */
async function readUrl(file: string, io: CliIo): Promise<string> {
  let text = ''
  if (file === '-') {
    for await (const chunk of io.stdin()) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
  } else {
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new CalendarInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }
  const url = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '')
  if (!url) throw new UsageError(`${file === '-' ? 'stdin' : file} holds no URL`)
  return url
}

/** YYYY-MM-DD as the start of that UTC day. */
function dayStart(text: string, name: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} ${text}: expected a UTC date (YYYY-MM-DD)`)
  return ms
}

function occurrenceLine(o: CalendarOccurrence): string {
  return [
    o.start,
    o.end,
    o.title || '(untitled)',
    `[${o.calendar}]`,
    o.skipped ? `skipped: ${o.skipped}` : 'used',
  ].join('  ')
}

/** A calendar whose events all lie outside the weeks around today says where they are (#23). */
function explainRange(source: CalendarSource, io: CliIo): void {
  const contents = source.contents
  if (!contents || source.event_count > 0) return
  if (contents.events === 0) {
    io.stderr('note: the calendar holds no events\n')
    return
  }
  const day = (iso: string | null) => iso?.slice(0, 10) ?? '?'
  const until = contents.open_ended ? 'on, with no end' : `to ${day(contents.last_end_at)}`
  io.stderr(
    `note: its ${contents.events} events run from ${day(contents.first_start_at)} ${until}, none in the weeks around today; ` +
      'they are joined when signals of their dates are processed (an import of that history) and shown on those days\n',
  )
}

function reportFailures(sources: readonly CalendarSource[], io: CliIo): boolean {
  const failed = sources.filter((source) => source.fetch_state === 'failed')
  for (const source of failed) io.stderr(`calendar ${source.id}: ${source.last_error ?? 'failed'}\n`)
  return failed.length > 0
}
