// Settings → Billing (#30): who the time belongs to on a LEDES invoice, and per client the hourly
// rate, whether UTBMS codes are required, and which billing-guideline rules apply. The rule names
// come from GUIDELINE_RULES so the queue, the LEDES check and this table never disagree.
import { useEffect, useState, type FormEvent } from 'react'
import type { Settings } from '../../../shared/domain'
import { GUIDELINE_RULES, type GuidelineCode } from '../../../shared/matters/guidelines'
import { useProjectsStore } from '../state/projectsStore'
import { useSettingsStore } from '../state/settingsStore'

/** LEDES 1998B timekeeper classifications */
const CLASSIFICATIONS: Record<string, string> = {
  PARTNR: 'Partner',
  ASSOC: 'Associate',
  OFCOUN: 'Of counsel',
  PARLEG: 'Paralegal',
  LGLAST: 'Legal assistant',
  OTHR: 'Other',
}
const MAX_RATE = 100_000

type BillingFields = Pick<
  Settings,
  | 'timekeeper_id'
  | 'timekeeper_name'
  | 'timekeeper_classification'
  | 'law_firm_id'
  | 'client_utbms_required'
  | 'client_guidelines'
>

interface Draft extends BillingFields {
  /** typed text: checked on save */
  timekeeper_rate: string
  client_rates: Record<string, string>
}

function draftOf(s: Settings): Draft {
  return {
    timekeeper_id: s.timekeeper_id,
    timekeeper_name: s.timekeeper_name,
    timekeeper_classification: s.timekeeper_classification,
    law_firm_id: s.law_firm_id,
    timekeeper_rate: s.timekeeper_rate ? String(s.timekeeper_rate) : '',
    client_rates: Object.fromEntries(Object.entries(s.client_rates).map(([id, rate]) => [id, String(rate)])),
    client_utbms_required: s.client_utbms_required,
    client_guidelines: s.client_guidelines,
  }
}

const parseRate = (text: string): number | null => {
  const rate = Number(text)
  return text.trim() !== '' && Number.isFinite(rate) && rate >= 0 && rate <= MAX_RATE ? rate : null
}

/** The settings patch, or what is wrong with the draft. */
export function billingPatch(draft: Draft, clientName: (id: string) => string): Partial<Settings> | string {
  const name = draft.timekeeper_name.trim()
  if (name && !/^[^,]+,\s*[^,]+$/u.test(name)) return 'Timekeeper name must be "Surname, First".'
  const timekeeperRate = draft.timekeeper_rate.trim() === '' ? 0 : parseRate(draft.timekeeper_rate)
  if (timekeeperRate === null) return `Timekeeper rate must be a number from 0 to ${MAX_RATE}.`
  const clientRates: Record<string, number> = {}
  for (const [id, text] of Object.entries(draft.client_rates)) {
    if (text.trim() === '') continue
    const rate = parseRate(text)
    if (rate === null) return `Rate for ${clientName(id)} must be a number from 0 to ${MAX_RATE}.`
    clientRates[id] = rate
  }
  return {
    timekeeper_id: draft.timekeeper_id.trim(),
    timekeeper_name: name,
    timekeeper_classification: draft.timekeeper_classification,
    timekeeper_rate: timekeeperRate,
    law_firm_id: draft.law_firm_id.trim(),
    client_rates: clientRates,
    client_utbms_required: Object.fromEntries(Object.entries(draft.client_utbms_required).filter(([, on]) => on)),
    client_guidelines: draft.client_guidelines,
  }
}

export function BillingSettings() {
  const { settings, saving, save } = useSettingsStore()
  const { clients, loaded, load } = useProjectsStore()
  const [draft, setDraft] = useState<Draft | null>(settings && draftOf(settings))
  const [saved, setSaved] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    if (!loaded) void load()
  }, [loaded, load])
  useEffect(() => {
    if (settings) setDraft(draftOf(settings))
  }, [settings])
  if (!draft) return null

  const edit = (patch: Partial<Draft>) => {
    setSaved(null)
    setProblem(null)
    setDraft({ ...draft, ...patch })
  }
  const ruleOn = (client: string, code: GuidelineCode) => draft.client_guidelines[client]?.[code]?.enabled !== false
  const setRule = (client: string, code: GuidelineCode, on: boolean) => {
    const rules = { ...draft.client_guidelines[client] }
    const { enabled: _was, ...rest } = rules[code] ?? {}
    rules[code] = on ? rest : { ...rest, enabled: false }
    if (Object.keys(rules[code]).length === 0) delete rules[code]
    const guidelines = { ...draft.client_guidelines, [client]: rules }
    if (Object.keys(rules).length === 0) delete guidelines[client]
    edit({ client_guidelines: guidelines })
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!draft) return
    const patch = billingPatch(draft, (id) => clients.find((c) => c.id === id)?.name ?? id)
    if (typeof patch === 'string') return setProblem(patch)
    setProblem(null)
    // the store's error is the main form's too: keep this form's own copy
    if (await save(patch)) setSaved('Billing saved.')
    else setProblem(useSettingsStore.getState().error)
  }

  return (
    <fieldset className="settings__section" aria-describedby="billing-help" data-testid="billing-settings">
      <legend>Billing and LEDES</legend>
      <p id="billing-help" className="muted">
        The timekeeper and firm named on LEDES invoices, and per client the hourly rate (used when a matter has none),
        whether UTBMS codes are required, and which billing-guideline checks apply.
      </p>
      <form onSubmit={submit} aria-label="Billing">
        <div className="billing-settings__row">
          <label className="field">
            Timekeeper id
            <input
              value={draft.timekeeper_id}
              maxLength={20}
              onChange={(e) => edit({ timekeeper_id: e.target.value })}
            />
          </label>
          <label className="field">
            Timekeeper name (Surname, First)
            <input
              value={draft.timekeeper_name}
              maxLength={100}
              placeholder="Doe, Jane"
              onChange={(e) => edit({ timekeeper_name: e.target.value })}
            />
          </label>
          <label className="field">
            Classification
            <select
              value={draft.timekeeper_classification}
              onChange={(e) => edit({ timekeeper_classification: e.target.value })}
            >
              <option value="">Not set</option>
              {Object.entries(CLASSIFICATIONS).map(([code, label]) => (
                <option key={code} value={code}>
                  {label} ({code})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Timekeeper hourly rate
            <input
              type="number"
              min={0}
              max={MAX_RATE}
              step="0.01"
              value={draft.timekeeper_rate}
              onChange={(e) => edit({ timekeeper_rate: e.target.value })}
            />
          </label>
          <label className="field">
            Law firm id
            <input value={draft.law_firm_id} maxLength={20} onChange={(e) => edit({ law_firm_id: e.target.value })} />
          </label>
        </div>
        {clients.length === 0 ? (
          <p className="muted">No clients yet: add clients under Projects, or import a matter list.</p>
        ) : (
          <div className="table-scroll">
            <table className="billing-clients" data-testid="client-billing">
              <caption>Billing per client (a rule switched off is not checked for that client)</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Hourly rate</th>
                  <th scope="col">UTBMS codes required</th>
                  {GUIDELINE_RULES.map((rule) => (
                    <th scope="col" key={rule.code}>
                      {rule.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {clients.map((client) => (
                  <tr key={client.id}>
                    <th scope="row">{client.name}</th>
                    <td>
                      <input
                        type="number"
                        min={0}
                        max={MAX_RATE}
                        step="0.01"
                        aria-label={`Hourly rate for ${client.name}`}
                        value={draft.client_rates[client.id] ?? ''}
                        onChange={(e) => edit({ client_rates: { ...draft.client_rates, [client.id]: e.target.value } })}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`UTBMS codes required for ${client.name}`}
                        checked={draft.client_utbms_required[client.id] === true}
                        onChange={(e) =>
                          edit({
                            client_utbms_required: { ...draft.client_utbms_required, [client.id]: e.target.checked },
                          })
                        }
                      />
                    </td>
                    {GUIDELINE_RULES.map((rule) => (
                      <td key={rule.code}>
                        <input
                          type="checkbox"
                          aria-label={`${rule.title} check for ${client.name}`}
                          checked={ruleOn(client.id, rule.code)}
                          onChange={(e) => setRule(client.id, rule.code, e.target.checked)}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="settings__actions">
          <button type="submit" disabled={saving}>
            Save billing
          </button>
          {saved && <span role="status">{saved}</span>}
          {problem && (
            <span role="alert" className="form__error">
              {problem}
            </span>
          )}
        </div>
      </form>
    </fieldset>
  )
}
