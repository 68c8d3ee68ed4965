// LEDES 1998B export (#30) from the Reports view: a client of the report and an invoice number;
// the file downloads like the other exports, or every problem the validator and the client's
// billing guidelines find is listed and nothing is saved.
import { useId, useState } from 'react'
import type { ReportRange } from '../../../shared/contract/report'
import { errorMessage } from '../../../shared/errorMessage'
import { useAppStore } from '../state/appStore'
import { download } from './download'

export function LedesExport({ range, clients }: { range: ReportRange; clients: { id: string; name: string }[] }) {
  const api = useAppStore((s) => s.api)
  const id = useId()
  const [chosen, setChosen] = useState('')
  const [invoiceNumber, setInvoiceNumber] = useState('')
  const [problems, setProblems] = useState<string[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  // the picked client, or the only one the period has
  const client = clients.some((c) => c.id === chosen) ? chosen : clients.length === 1 ? clients[0]!.id : ''

  async function exportLedes() {
    if (!api || !client) return
    setProblems([])
    try {
      const reply = await api.call('report.ledes', { ...range, client, invoice_number: invoiceNumber.trim() })
      if (!reply.ok) {
        setProblems(reply.problems)
        setNotice('LEDES file not saved: fix the problems below')
        return
      }
      download(reply)
      setNotice(`Exported ${reply.file_name} (${reply.lines} lines)`)
    } catch (e) {
      setNotice(`LEDES export failed: ${errorMessage(e)}`)
    }
  }

  if (clients.length === 0) return null
  return (
    <section aria-labelledby={`${id}-title`} className="reports__ledes" data-testid="ledes-export">
      <h3 id={`${id}-title`}>LEDES 1998B invoice</h3>
      <div className="toolbar">
        <label>
          Client{' '}
          <select value={client} onChange={(e) => setChosen(e.target.value)}>
            {clients.length > 1 && <option value="">Choose a client</option>}
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Invoice number{' '}
          <input value={invoiceNumber} maxLength={20} onChange={(e) => setInvoiceNumber(e.target.value)} />
        </label>
        <button type="button" disabled={!client} onClick={() => void exportLedes()}>
          Export LEDES
        </button>
        {notice && (
          <span role="status" className="toolbar__notice" data-testid="ledes-notice">
            {notice}
          </span>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="reports__problems" aria-label="Problems that stop the LEDES file" data-testid="ledes-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
