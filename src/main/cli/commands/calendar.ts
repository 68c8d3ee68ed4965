// billops calendar add --db F (--ics FILE | --url URL) [--me EMAIL]… | list | remove --id ID | refresh
// Calendar sources as Settings → Calendars manages them; every answer is JSON on stdout.
import { readFile } from 'node:fs/promises'
import { Email } from '../../../shared/contract/calendar'
import type { CalendarSource } from '../../../shared/contract/calendar'
import { createCore, type Core } from '../../app/createCore'
import { silentLogger } from '../../base/logger'
import { CalendarInputError } from '../../calendar/calendarService'
import { EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE, parseCommandArgs, requireOption, UsageError, type CliCommand, type CliIo } from '../command'

const SUBCOMMANDS = ['add', 'list', 'remove', 'refresh'] as const
type Subcommand = (typeof SUBCOMMANDS)[number]

const OPTIONS = {
  db: { type: 'string' },
  ics: { type: 'string' },
  url: { type: 'string' },
  me: { type: 'string', multiple: true },
  id: { type: 'string' },
} as const

export const calendarCommand: CliCommand = {
  name: 'calendar',
  usage: 'calendar add --db FILE (--ics FILE | --url URL) [--me EMAIL]... | calendar list --db FILE | calendar remove --db FILE --id ID | calendar refresh --db FILE',
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (!SUBCOMMANDS.includes(sub as Subcommand)) throw new UsageError(`calendar needs one of ${SUBCOMMANDS.join(', ')}`)
    const values = parseCommandArgs(rest, OPTIONS)
    const core = createCore({ dbPath: requireOption(values.db, 'db'), logger: silentLogger, heuristicsWorkerFactory: io.heuristicsWorkerFactory })
    try {
      return await runSubcommand(sub as Subcommand, values, core, io)
    } catch (error) {
      if (!(error instanceof CalendarInputError)) throw error
      io.stderr(`error: ${error.message}\n`)
      return EXIT_FAILURE
    } finally {
      await core.close()
    }
  },
}

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>

async function runSubcommand(sub: Subcommand, values: Values, core: Core, io: CliIo): Promise<number> {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value)}\n`)
  switch (sub) {
    case 'list':
      print(core.calendar.list())
      return EXIT_OK
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
    case 'add': {
      const myEmails = (values.me ?? []).map((raw) => {
        const parsed = Email.safeParse(raw)
        if (!parsed.success) throw new UsageError(`--me ${raw}: not an e-mail address`)
        return parsed.data
      })
      if ((values.ics === undefined) === (values.url === undefined)) throw new UsageError('give exactly one of --ics FILE or --url URL')
      if (values.ics !== undefined) {
        let text: string
        try {
          text = await readFile(values.ics, 'utf8')
        } catch (error) {
          throw new CalendarInputError(`cannot read ${values.ics}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
        }
        const source = await core.calendar.addFile({ location: values.ics, text, myEmails })
        print(source)
        explainRange(source, io)
        return EXIT_OK
      }
      let source: CalendarSource
      try {
        source = await core.calendar.addUrl({ url: values.url as string, myEmails })
      } catch (error) {
        // Not https, not a URL: the argument is wrong.
        if (error instanceof CalendarInputError) throw new UsageError(error.message)
        throw error
      }
      print(source)
      explainRange(source, io)
      // Added, but the first fetch failed: the next refresh retries; nothing is lost.
      return reportFailures([source], io) ? EXIT_UNREACHABLE : EXIT_OK
    }
  }
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
