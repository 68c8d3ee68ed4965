// Reports (#15): where the hours of a period went, per client and project, reconciled with what
// was approved, billed after rounding and confirmed by BillOps; charts per day and per activity,
// the time that was never approved (leakage), sync issues, drill-down and exports.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ReviewEntry, EntryEdit } from '../../../shared/contract/entries'
import type { Report, ReportEntry, ReportExportFormat } from '../../../shared/contract/report'
import { errorMessage } from '../../../shared/errorMessage'
import { activityCategories, barsPerWeek, dailyCategories, stackedBars } from '../../../shared/report/chartGeometry'
import { hoursText } from '../../../shared/report/render'
import { activityLabel, formatDayHeading, localDayKey } from '../format'
import { EditDialog } from '../components/EditDialog'
import { useAppStore } from '../state/appStore'
import { periodContaining, shiftPeriod, userTimeZone, type Period, type PeriodKind } from './period'
import { download } from './download'
import { LedesExport } from './LedesExport'
import { MatterCoverage } from './MatterCoverage'
import { ReportEntriesTable } from './ReportEntriesTable'
import { ReportTotalsTable, type Drill } from './ReportTotalsTable'
import { StackedBarChart } from './StackedBarChart'
import { LeakageList, SyncIssuesList } from './ReportLists'
import './reports.css'

const EXPORTS: [ReportExportFormat, string][] = [
  ['csv_totals', 'CSV totals'],
  ['csv_entries', 'CSV entries'],
  ['html', 'HTML report'],
  ['json', 'JSON'],
]

export function ReportsView({ onOpenTimeline }: { onOpenTimeline(day: string): void }) {
  const api = useAppStore((s) => s.api)
  const [period, setPeriod] = useState<Period>(() => periodContaining('week', localDayKey(Date.now())))
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [drill, setDrill] = useState<Drill | null>(null)
  const [entries, setEntries] = useState<{ entries: ReportEntry[]; total: number } | null>(null)
  const [editing, setEditing] = useState<ReviewEntry | null>(null)
  const [clientIncrements, setClientIncrements] = useState<Record<string, number>>({})
  useEffect(() => {
    void api?.call('settings.get', null).then(
      (settings) => setClientIncrements(settings.client_billing_increments),
      () => undefined,
    )
  }, [api])
  const range = useMemo(() => ({ from: period.from, to: period.to, time_zone: userTimeZone() }), [period])

  const load = useCallback(async () => {
    if (!api) return
    try {
      // marks for bench/report.bench.ts: range asked for → the frame that paints it
      performance.mark('reports:requested', { detail: `${range.from}..${range.to}` })
      const next = await api.call('report.get', { ...range, by: 'project' })
      performance.mark('reports:received', { detail: `${range.from}..${range.to}` })
      setReport(next)
      setError(null)
    } catch (e) {
      setError(`Could not build the report: ${errorMessage(e)}`)
    }
  }, [api, range])
  useEffect(() => {
    void load()
  }, [load])

  useEffect(() => {
    if (!report) return
    const id = requestAnimationFrame(() =>
      performance.mark('reports:painted', { detail: `${report.from}..${report.to}` }),
    )
    return () => cancelAnimationFrame(id)
  }, [report])

  const loadEntries = useCallback(async () => {
    if (!api || !drill) return setEntries(null)
    try {
      setEntries(
        await api.call('report.entries', { range, filter: drill.filter, order: drill.order ?? 'time', limit: 500 }),
      )
    } catch (e) {
      setError(`Could not list the entries: ${errorMessage(e)}`)
    }
  }, [api, drill, range])
  useEffect(() => {
    void loadEntries()
  }, [loadEntries])

  const clientName = useCallback(
    (id: string | null) => report?.clients.find((c) => (c.client ?? null) === id)?.client_name ?? id ?? 'No client',
    [report],
  )
  // clients with approved time in the period: the ones an invoice can be made for
  const ledesClients = useMemo(
    () =>
      (report?.clients ?? []).flatMap((c) =>
        c.client && c.approved_minutes > 0 ? [{ id: c.client, name: c.client_name ?? c.client }] : [],
      ),
    [report],
  )
  const daily = useMemo(() => (report ? stackedBars(dailyCategories(report)) : null), [report])
  const barPeriod = report && barsPerWeek(report) ? 'week' : 'day'
  const activity = useMemo(() => (report ? stackedBars(activityCategories(report)) : null), [report])

  function choose(kind: PeriodKind) {
    setDrill(null)
    setPeriod(kind === 'custom' ? { ...period, kind } : periodContaining(kind, period.from))
  }

  async function exportAs(format: ReportExportFormat) {
    if (!api) return
    try {
      const file = await api.call('report.export', { ...range, by: 'project', format })
      download(file)
      setNotice(`Exported ${file.file_name}`)
    } catch (e) {
      setNotice(`Export failed: ${errorMessage(e)}`)
    }
  }

  async function setClientIncrement(client: string, value: string) {
    if (!api) return
    try {
      const current = { ...(await api.call('settings.get', null)).client_billing_increments }
      if (value === 'global') delete current[client]
      else current[client] = Number(value) as 0 | 6 | 15
      await api.call('settings.update', { client_billing_increments: current })
      setClientIncrements(current)
      await load()
    } catch (e) {
      setNotice(`Could not change the billing increment: ${errorMessage(e)}`)
    }
  }

  async function savePdf() {
    if (!api) return
    try {
      const result = await api.call('report.savePdf', { ...range, by: 'project' })
      setNotice(result.saved ? `Saved ${result.path}` : 'PDF not saved')
    } catch (e) {
      setNotice(`PDF: ${errorMessage(e)}`)
    }
  }

  async function edit(id: string) {
    if (!api) return
    try {
      const [entry] = (await api.call('review.getEntries', { ids: [id] })).entries
      if (entry) setEditing(entry)
    } catch (e) {
      setNotice(`Could not open the entry: ${errorMessage(e)}`)
    }
  }

  async function saveEdit(changes: EntryEdit): Promise<boolean> {
    if (!api || !editing) return false
    try {
      await api.call('review.update', { id: editing.id, changes })
      setNotice('Edited entry')
      await Promise.all([load(), loadEntries()])
      return true
    } catch (e) {
      setNotice(`Could not save: ${errorMessage(e)}`)
      return false
    }
  }

  async function saveCodes(codes: { task_code?: string | null; activity_code?: string | null }): Promise<boolean> {
    if (!api || !editing) return false
    try {
      await api.call('codes.set', { ids: [editing.id], ...codes })
      setNotice('UTBMS codes set')
      return true
    } catch (e) {
      setNotice(`Could not set the codes: ${errorMessage(e)}`)
      return false
    }
  }

  const selectDay = (day: string, client: string | null | undefined, hatched: boolean, until: string | undefined) =>
    setDrill({
      label: `${until ? `Week of ${formatDayHeading(day)}` : formatDayHeading(day)}${client !== undefined && !hatched ? `, ${clientName(client)}` : ''}${hatched ? ', not approved' : ''}`,
      filter: {
        day,
        ...(until ? { until } : {}),
        ...(client !== undefined && !hatched ? { client: client ?? '', status: 'approved' as const } : {}),
        ...(hatched ? { status: 'unapproved' as const } : {}),
      },
    })

  return (
    <section className="reports" aria-labelledby="reports-title" data-testid="reports">
      <div className="toolbar reports__toolbar">
        <h2 id="reports-title" className="reports__title">
          Report {period.from === period.to ? formatDayHeading(period.from) : `${period.from} to ${period.to}`}
        </h2>
        <div role="group" aria-label="Period" className="reports__kinds">
          {(['day', 'week', 'month', 'custom'] as const).map((kind) => (
            <button key={kind} type="button" aria-pressed={period.kind === kind} onClick={() => choose(kind)}>
              {kind[0]!.toUpperCase() + kind.slice(1)}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => (setDrill(null), setPeriod(shiftPeriod(period, -1)))}>
          Previous
        </button>
        <button type="button" onClick={() => (setDrill(null), setPeriod(shiftPeriod(period, 1)))}>
          Next
        </button>
        {period.kind === 'custom' && (
          <>
            <label>
              From{' '}
              <input
                type="date"
                value={period.from}
                max={period.to}
                onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })}
              />
            </label>
            <label>
              To{' '}
              <input
                type="date"
                value={period.to}
                min={period.from}
                onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })}
              />
            </label>
          </>
        )}
      </div>
      <div className="toolbar reports__exports" role="group" aria-label="Export">
        {EXPORTS.map(([format, label]) => (
          <button key={format} type="button" onClick={() => void exportAs(format)}>
            {label}
          </button>
        ))}
        <button type="button" onClick={() => void savePdf()}>
          PDF
        </button>
        {notice && (
          <span role="status" className="toolbar__notice" data-testid="reports-notice">
            {notice}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
      {!report && !error && <p className="empty">Building the report…</p>}
      {report && (
        <>
          <h3>Totals by client and project</h3>
          <p className="muted">
            Hours as h:mm. Billed:{' '}
            {report.billing_increment_minutes === 0
              ? 'exact minutes'
              : `rounded up to ${report.billing_increment_minutes} min per entry`}
            ; the total is the sum of the rounded lines.
          </p>
          <ReportTotalsTable
            report={report}
            clientIncrements={clientIncrements}
            onDrill={setDrill}
            onIncrement={(client, value) => void setClientIncrement(client, value)}
          />
          {report.totals.unassigned_minutes > 0 && (
            <p className="reports__callout" data-testid="report-unassigned">
              {hoursText(report.totals.unassigned_minutes)} of approved time has no client or project and cannot be
              billed.{' '}
              <button
                type="button"
                className="reports__link"
                onClick={() =>
                  setDrill({
                    label: 'Approved without client or project',
                    filter: { client: '', project: '', status: 'approved' },
                  })
                }
              >
                Show it
              </button>
            </p>
          )}
          <SyncIssuesList issues={report.issues} total={report.issues_total} />
          <h3>Approved hours per {barPeriod}</h3>
          {daily && daily.categories.length > 0 ? (
            <StackedBarChart
              chart={daily}
              title={`Approved hours per ${barPeriod} by client; hatched: captured, not approved`}
              categoryName={barPeriod === 'week' ? 'Week' : 'Day'}
              testId="chart-daily"
              onSelect={(day, client, hatched, until) =>
                selectDay(day, client === null && !hatched ? undefined : client, hatched, until)
              }
            />
          ) : (
            <p className="empty">No entries in this period.</p>
          )}
          <h3>Hours by activity type</h3>
          {activity && activity.categories.length > 0 && (
            <StackedBarChart
              chart={activity}
              title="Hours by activity type; hatched: captured, not approved"
              categoryName="Activity"
              testId="chart-activity"
              onSelect={(key) => setDrill({ label: activityLabel(key), filter: { activity: key } })}
            />
          )}
          <LeakageList leakage={report.leakage} minutes={report.leakage_minutes} onDrill={setDrill} />
          <LedesExport range={range} clients={ledesClients} />
          <MatterCoverage range={range} reloadKey={report} />
        </>
      )}
      {drill && (
        <section aria-labelledby="reports-drill" className="reports__drill" data-testid="report-drill">
          <h3 id="reports-drill">
            Entries: {drill.label} {entries && `(${entries.total})`}
          </h3>
          <button type="button" onClick={() => setDrill(null)}>
            Close list
          </button>
          {entries && (
            <ReportEntriesTable
              entries={entries.entries}
              clientName={clientName}
              onEdit={(id) => void edit(id)}
              onOpenTimeline={onOpenTimeline}
            />
          )}
        </section>
      )}
      {editing && (
        <EditDialog entry={editing} onSave={saveEdit} onSaveCodes={saveCodes} onClose={() => setEditing(null)} />
      )}
    </section>
  )
}
