import { describe, expect, it } from 'vitest'
import { RECOGNITION_MATTERS } from '../../../test/shared/matters/recognitionMatters'
import { TITLES, type TitleRow } from '../../../test/shared/matters/recognitionTitles'
import { MatterRecognizer } from './recognize'

const recognizer = new MatterRecognizer(RECOGNITION_MATTERS)

interface Outcome {
  row: TitleRow
  predicted: string | null
  sure: boolean | null
  reason: string | null
}

const outcomes: Outcome[] = TITLES.map((row) => {
  const match = recognizer.recognizeTitle(row[1])
  return { row, predicted: match?.matter.number ?? null, sure: match?.sure ?? null, reason: match?.reason ?? null }
})
const expectedOf = (row: TitleRow): readonly string[] =>
  row[2] === null ? [] : typeof row[2] === 'string' ? [row[2]] : row[2]
const rightMatter = (o: Outcome) => o.predicted !== null && expectedOf(o.row).includes(o.predicted)

describe('matter recognition over the title table (#30)', () => {
  it('has at least 200 hand-written titles of every kind', () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(200)
    for (const kind of ['document', 'outlook', 'gmail', 'dms', 'calendar', 'near-miss', 'unsure'])
      expect(TITLES.some((row) => row[0] === kind)).toBe(true)
  })

  it('finds the matter with high precision and recall, and says so', () => {
    const predicted = outcomes.filter((o) => o.predicted !== null)
    const withMatter = outcomes.filter((o) => expectedOf(o.row).length > 0)
    const precision = predicted.filter(rightMatter).length / predicted.length
    const recall = withMatter.filter(rightMatter).length / withMatter.length
    const wrong = outcomes.filter((o) => (expectedOf(o.row).length === 0 ? o.predicted !== null : !rightMatter(o)))
    console.warn(
      `recognition over ${TITLES.length} titles: precision ${precision.toFixed(3)} (${predicted.filter(rightMatter).length}/${predicted.length}), recall ${recall.toFixed(3)} (${withMatter.filter(rightMatter).length}/${withMatter.length}); wrong: ${JSON.stringify(wrong.map((o) => [o.row[1], o.predicted]))}`,
    )
    expect(precision).toBeGreaterThanOrEqual(0.98)
    expect(recall).toBeGreaterThanOrEqual(0.95)
  })

  it('never matches a near miss (dates, order and DMS numbers, look-alike names)', () => {
    const matched = outcomes
      .filter((o) => o.row[0] === 'near-miss' && o.predicted !== null)
      .map((o) => [o.row[1], o.reason])
    expect(matched).toEqual([])
  })

  it('is sure exactly when the table says so: a common word only or two matters ask for review', () => {
    const disagree = outcomes
      .filter((o) => rightMatter(o) && o.sure !== (o.row[3] ?? true))
      .map((o) => [o.row[1], o.reason])
    expect(disagree).toEqual([])
  })

  it('names the evidence in the reason', () => {
    const reason = (title: string) => recognizer.recognizeTitle(title)?.reason
    expect(reason('Smith v Jones - Matter 2024-0117 - Draft MSJ.docx')).toBe(
      "Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx'",
    )
    expect(reason('RE: Acme / Globex — discovery')).toBe(
      "Parties 'Acme Corp' and 'Globex Corporation' (matter 2024-0201) in 'RE: Acme / Globex — discovery'",
    )
    expect(reason('Call: Smith v. Jones strategy')).toBe(
      "Matter name 'Smith v Jones' (2024-0117) in 'Call: Smith v. Jones strategy'",
    )
    expect(reason('Project Falcon - signing')).toBe("'Project Falcon' (matter 2024-0201) in 'Project Falcon - signing'")
    expect(reason('Target store hours')).toBe(
      "Party 'Target Corporation' (matter LIT-2024-17) in 'Target store hours' — only the common word 'Target Corporation' matched: check the matter",
    )
    expect(reason('RE: 2024-0117 and 2024-0150 scheduling')).toBe(
      "Matter 2024-0117 in 'RE: 2024-0117 and 2024-0150 scheduling' — also matter 2024-0150: two matters in one entry",
    )
  })

  it('weighs a span’s titles by time: a glance at another matter is not a second matter', () => {
    const span = [
      { title: '2024-0117 Draft MSJ.docx - Word', ms: 50 * 60_000 },
      { title: 'RE: Project Falcon signing - Message (HTML)', ms: 2 * 60_000 },
    ]
    expect(recognizer.recognizeTitles(span)).toMatchObject({ matter: { number: '2024-0117' }, sure: true })
    const split = [span[0]!, { ...span[1]!, ms: 20 * 60_000 }]
    expect(recognizer.recognizeTitles(split)).toMatchObject({
      matter: { number: '2024-0117' },
      sure: false,
      others: [{ number: '2024-0201' }],
    })
  })

  it('reads calendar attendee domains when the title names no matter, and a firm pattern of its own', () => {
    expect(recognizer.recognizeEvent('Weekly sync', ['mail.smithholdings.com', 'firm.com'])).toMatchObject({
      matter: { number: '2024-0117' },
      sure: true,
      reason: 'Attendee domain smithholdings.com (matter 2024-0117)',
    })
    expect(recognizer.recognizeEvent('Weekly sync', ['northwind.example'])).toMatchObject({
      sure: false,
      others: [{ number: '10045.003' }],
    })
    expect(recognizer.recognizeEvent('Contoso / Fabrikam kickoff', ['northwind.example'])).toMatchObject({
      matter: { number: '2024-0333' },
      sure: true,
    })
    expect(recognizer.recognizeEvent('Weekly sync', ['firm.com'])).toBeNull()
    const firm = new MatterRecognizer([{ ...RECOGNITION_MATTERS[0]!, number: 'M12345' }], {
      numberPattern: String.raw`M\d{5}`,
    })
    expect(firm.recognizeTitle('M12345 - memo.docx')?.reason).toBe("Matter M12345 in 'M12345 - memo.docx'")
    expect(firm.recognizeTitle('M123456 - memo.docx')).toBeNull()
  })
})

describe("the firm's matter-number pattern runs on the linear-time engine (#26)", () => {
  it('is refused when saved if RE2 cannot take it, and still finds numbers only where they stand alone', async () => {
    const { Settings } = await import('../domain')
    expect(Settings.safeParse({ matter_number_pattern: String.raw`(?<=Matter )\d+` }).success).toBe(false)
    expect(Settings.safeParse({ matter_number_pattern: String.raw`M\d{5}` }).success).toBe(true)
    const firm = new MatterRecognizer([{ ...RECOGNITION_MATTERS[0]!, number: 'M12345' }], {
      numberPattern: String.raw`M\d{5}`,
    })
    const found = (title: string) => firm.recognizeTitle(title)?.matter.number ?? null
    expect(found('Brief M12345 draft.docx')).toBe('M12345')
    expect(found('#M12345v1 Brief')).toBeNull()
    expect(found('XM12345 Brief')).toBeNull()
    expect(found('M12345-7 Brief')).toBeNull()
    // a pattern that backtracks exponentially in V8 returns at once on RE2 (this test would hang)
    const greedy = new MatterRecognizer([], { numberPattern: String.raw`(\d+\s?)+X` })
    expect(greedy.recognizeTitle(`${'1 '.repeat(40)}!`)).toBeNull()
  })
})
