import { describe, expect, it } from 'vitest'
import {
  formatLedes1998b,
  LEDES_1998B_FIELDS,
  ledesLineFields,
  ledesProblems,
  type LedesInvoice,
  type LedesLine,
} from './ledes1998b'

// The LEDES 1998B specification's sample line (ledes.org; also quoted by ledes-parser's README).
const SAMPLE_LINE =
  "19990225|96542|00711|0528|1684.45|19990101|19990131|For services rendered|1|F|2.00|-70|630|19990115|L510||A102|22547|Research Attorney's fees, Set off claim|24-6437381|350|Arnsley, Robert|PARTNR|423-987[]"
const SAMPLE_HEADER =
  'INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]'

const sampleLine: LedesLine = {
  law_firm_matter_id: '0528',
  client_matter_id: '423-987',
  units: 2,
  adjustment: -70,
  unit_cost: 350,
  date: '1999-01-15',
  task_code: 'L510',
  activity_code: 'A102',
  timekeeper_id: '22547',
  timekeeper_name: 'Arnsley, Robert',
  timekeeper_classification: 'PARTNR',
  description: "Research Attorney's fees, Set off claim",
  codes_required: 'matter',
}
const sampleInvoice: LedesInvoice = {
  invoice_date: '1999-02-25',
  invoice_number: '96542',
  client_id: '00711',
  billing_start_date: '1999-01-01',
  billing_end_date: '1999-01-31',
  invoice_description: 'For services rendered',
  law_firm_id: '24-6437381',
  lines: [sampleLine],
}

describe('LEDES 1998B', () => {
  it('reproduces the specification’s sample line byte for byte, under its header', () => {
    expect(`${ledesLineFields(sampleInvoice, sampleLine, 1, 1684.45).join('|')}[]`).toBe(SAMPLE_LINE)
    expect(`${LEDES_1998B_FIELDS.join('|')}[]`).toBe(SAMPLE_HEADER)
    expect(LEDES_1998B_FIELDS).toHaveLength(24)
    const file = formatLedes1998b(sampleInvoice, 1684.45)
    expect(file.split('\r\n')).toEqual(['LEDES1998B[]', SAMPLE_HEADER, SAMPLE_LINE, ''])
  })

  it('writes INVOICE_TOTAL as the sum of the lines when not told otherwise; the sample line alone would not add up', () => {
    expect(ledesProblems(sampleInvoice)).toEqual([])
    expect(formatLedes1998b(sampleInvoice)).toContain('|630|19990101|')
    expect(ledesProblems(sampleInvoice, 1684.45)).toEqual([
      'INVOICE_TOTAL 1684.45 is not the sum of LINE_ITEM_TOTAL 630',
    ])
  })

  it('refuses with every problem listed', () => {
    const bad: LedesInvoice = {
      ...sampleInvoice,
      invoice_number: '',
      lines: [
        { ...sampleLine, date: '1999-02-01', units: -0.5 },
        { ...sampleLine, description: 'Drafted motion | reviewed file\nagain', task_code: null, activity_code: 'A112' },
        { ...sampleLine, description: 'x'.repeat(1024), unit_cost: 0, law_firm_matter_id: '' },
      ],
    }
    expect(ledesProblems(bad)).toEqual([
      'INVOICE_NUMBER is empty',
      'line 1 (1999-02-01, matter 0528): date outside the billing period 1999-01-01 – 1999-01-31',
      'line 1 (1999-02-01, matter 0528): negative units -0.50',
      'line 2 (1999-01-15, matter 0528): description contains a pipe, a line break or []',
      'line 2 (1999-01-15, matter 0528): activity code A112 is not A101–A111',
      'line 2 (1999-01-15, matter 0528): the matter requires a UTBMS task code',
      'line 3 (1999-01-15, matter ?): no rate (matter, client or --rate)',
      'line 3 (1999-01-15, matter ?): no matter (LAW_FIRM_MATTER_ID)',
      'line 3 (1999-01-15, matter ?): description is 1024 characters (limit 1023)',
    ])
    expect(ledesProblems({ ...sampleInvoice, lines: [] })).toEqual(['no approved time for this client in the period'])
    expect(ledesProblems({ ...sampleInvoice, client_id: 'whitaker-family-trust' })).toEqual([
      "CLIENT_ID 'whitaker-family-trust' is longer than 20 characters",
    ])
  })
})
