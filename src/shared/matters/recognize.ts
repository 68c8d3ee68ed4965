// Matter recognition (#30, pure): finds the firm's matters in window titles, document names,
// e-mail subjects and calendar titles — by matter number (the firm's pattern), matter name, alias
// or party names — and in calendar attendee domains. Every result names its evidence; a match on a
// common word only, or two matters at once, is marked unsure so the entry asks for review.
import { isCommonPhrase } from './commonWords'
import { compileUserRegex, type UserRegex } from '../userRegex'

/** What recognition needs of a matter (a subset of the stored matter). */
export interface MatterRef {
  number: string
  name: string
  aliases: readonly string[]
  parties: readonly string[]
  domains: readonly string[]
  project_id: string | null
  client_id: string | null
}

/**
 * Common matter-number forms: year-sequence ("2024-0117", "2024/117"), client.matter
 * ("10045.002", "012345-00001", "10045:002") and prefixed codes ("ACM-0042", "LIT-2024-17").
 * The firm's own pattern replaces it (Settings / MatterRecognizer option).
 */
export const DEFAULT_MATTER_NUMBER_PATTERN = String.raw`\d{4}[-/]\d{2,5}|\d{3,6}[.:-]\d{2,5}|[A-Za-z]{2,6}-\d{2,4}(?:-\d{1,5})?|[A-Za-z]{2,6}-\d{4,6}`

export type EvidenceKind = 'number' | 'name' | 'alias' | 'parties' | 'party' | 'domain'

/** How much each kind of evidence says about the matter (higher wins). */
const STRENGTH: Readonly<Record<EvidenceKind, number>> = {
  number: 5,
  name: 4,
  alias: 3,
  parties: 3,
  party: 2,
  domain: 2,
}

export interface Evidence {
  kind: EvidenceKind
  /** the matched text as the matter list writes it (number, name, alias, party or domain) */
  matched: string
  /** where it was found: the title, or the attendee domain */
  source: string
  /** only a common word matched */
  common: boolean
}

export interface MatterMatch<M extends MatterRef = MatterRef> {
  matter: M
  evidence: Evidence
  /** false: propose, but ask (common word only, or another matter too) */
  sure: boolean
  /** "Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx'" (+ why unsure) */
  reason: string
  /** other matters with evidence as strong (two matters in one entry) */
  others: M[]
}

const COMPANY_SUFFIX =
  / (?:inc|incorporated|llc|l l c|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|lp|llp|pllc|pc|nv|bv)$/u

/** Lower case, "vs."/"versus"/"v." → "v", "&" → "and", punctuation → spaces, one space between words. */
export function normalizeText(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/&/gu, ' and ')
    .replace(/['’]s\b/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/ (?:vs|versus) /gu, ' v ')
    .trim()} `.replace(/ {2,}/gu, ' ')
}

/** A party's or alias' phrase without the company form ("Jones Manufacturing Inc." → "jones manufacturing"). */
function phraseOf(text: string, stripCompany: boolean): string {
  let phrase = normalizeText(text).trim()
  if (stripCompany)
    for (let i = 0; i < 2 && COMPANY_SUFFIX.test(phrase); i++) phrase = phrase.replace(COMPANY_SUFFIX, '')
  return phrase
}

interface Phrase<M> {
  matter: M
  kind: 'name' | 'alias' | 'party'
  text: string
  words: string
  common: boolean
}

interface TitleHit<M> {
  matter: M
  evidence: Evidence
  strength: number
}

export interface RecognizerOptions {
  /** the firm's matter-number pattern (a regular expression source); default common forms */
  numberPattern?: string
}

export class MatterRecognizer<M extends MatterRef = MatterRef> {
  private readonly byNumber = new Map<string, M>()
  /** phrases by their first word: a title is scanned word by word, not once per matter */
  private readonly phrases = new Map<string, Phrase<M>[]>()
  private readonly byDomain = new Map<string, M[]>()
  /** the firm's pattern on RE2 (titles are written by strangers: linear time, #26) */
  private readonly numbers: UserRegex

  constructor(matters: readonly M[], options: RecognizerOptions = {}) {
    const pattern = options.numberPattern ?? DEFAULT_MATTER_NUMBER_PATTERN
    const compiled = compileUserRegex(pattern)
    // A pattern the linear engine refuses is refused when saved (settings); an old one finds no number.
    this.numbers = compiled.ok ? compiled.regex : { test: () => false, replaceAll: (text) => text, matches: () => [] }
    for (const matter of matters) {
      this.byNumber.set(matter.number.trim().toLowerCase(), matter)
      this.addPhrase(matter, 'name', matter.name, false)
      for (const alias of matter.aliases) this.addPhrase(matter, 'alias', alias, false)
      for (const party of matter.parties) this.addPhrase(matter, 'party', party, true)
      for (const domain of matter.domains) {
        const list = this.byDomain.get(domain.toLowerCase()) ?? []
        list.push(matter)
        this.byDomain.set(domain.toLowerCase(), list)
      }
    }
  }

  private addPhrase(matter: M, kind: Phrase<M>['kind'], text: string, stripCompany: boolean) {
    const words = phraseOf(text, stripCompany)
    if (words === '') return
    const first = words.split(' ')[0] as string
    const list = this.phrases.get(first) ?? []
    list.push({ matter, kind, text, words, common: isCommonPhrase(words) })
    this.phrases.set(first, list)
  }

  /** The strongest evidence per matter in one title (window, document, e-mail subject, event). */
  private titleHits(title: string): TitleHit<M>[] {
    const best = new Map<M, TitleHit<M>>()
    const keep = (hit: TitleHit<M>) => {
      const current = best.get(hit.matter)
      if (!current || hit.strength > current.strength) best.set(hit.matter, hit)
    }
    for (const found of this.numbers.matches(title)) {
      // Not inside a longer number or word, and not a DMS document number ("#12345678v1").
      if (!standsAlone(title, found.start, found.end)) continue
      const matter = this.byNumber.get(found.text.toLowerCase())
      if (matter)
        keep({
          matter,
          strength: STRENGTH.number,
          evidence: { kind: 'number', matched: matter.number, source: title, common: false },
        })
    }
    const text = normalizeText(title)
    const parties = new Map<M, Phrase<M>[]>()
    // every phrase found, then those inside a longer one of another matter dropped ("Acme" inside
    // the matter name "Acme trademark portfolio" is not the party Acme of another matter)
    const found: Array<{ phrase: Phrase<M>; start: number; end: number }> = []
    let at = 0
    while (at < text.length - 1) {
      const end = text.indexOf(' ', at + 1)
      const word = text.slice(at + 1, end)
      for (const phrase of this.phrases.get(word) ?? []) {
        if (text.startsWith(` ${phrase.words} `, at))
          found.push({ phrase, start: at, end: at + phrase.words.length + 1 })
      }
      at = end
    }
    for (const { phrase, start, end } of found) {
      if (
        found.some(
          (o) => o.phrase.matter !== phrase.matter && o.start <= start && o.end >= end && o.end - o.start > end - start,
        )
      )
        continue
      if (phrase.kind === 'party') {
        const seen = parties.get(phrase.matter) ?? []
        if (!seen.some((p) => p.words === phrase.words)) seen.push(phrase)
        parties.set(phrase.matter, seen)
        continue
      }
      // a common word alone is weaker than any specific evidence
      const strength = phrase.common ? 1 : STRENGTH[phrase.kind]
      keep({
        matter: phrase.matter,
        strength,
        evidence: { kind: phrase.kind, matched: phrase.text, source: title, common: phrase.common },
      })
    }
    for (const [matter, named] of parties) {
      const specific = named.filter((p) => !p.common)
      const two = named.length >= 2 && specific.length >= 1
      const strength = two ? STRENGTH.parties : specific.length > 0 ? STRENGTH.party : 1
      const shown = two ? named.slice(0, 2) : [specific[0] ?? (named[0] as Phrase<M>)]
      keep({
        matter,
        strength,
        evidence: {
          kind: two ? 'parties' : 'party',
          matched: shown.map((p) => p.text).join(' / '),
          source: title,
          common: strength === 1,
        },
      })
    }
    return [...best.values()]
  }

  /**
   * The matter of one or more titles with how long each was in front (a span's titles): evidence
   * counts by strength, then by time. Another matter counts as "two matters" when its evidence is
   * as strong and it held at least a tenth of the titled time.
   */
  recognizeTitles(titles: ReadonlyArray<{ title: string; ms: number }>): MatterMatch<M> | null {
    const total = titles.reduce((sum, t) => sum + t.ms, 0)
    const perMatter = new Map<M, { hit: TitleHit<M>; ms: number; hitMs: number }>()
    for (const { title, ms } of titles) {
      for (const hit of this.titleHits(title)) {
        const current = perMatter.get(hit.matter)
        if (!current) perMatter.set(hit.matter, { hit, ms, hitMs: ms })
        else {
          current.ms += ms
          if (hit.strength > current.hit.strength || (hit.strength === current.hit.strength && ms > current.hitMs)) {
            current.hit = hit
            current.hitMs = ms
          }
        }
      }
    }
    const ranked = [...perMatter.values()].sort(
      (a, b) => b.hit.strength - a.hit.strength || b.ms - a.ms || (a.hit.matter.number < b.hit.matter.number ? -1 : 1),
    )
    const top = ranked[0]
    if (!top) return null
    const rivals = ranked
      .slice(1)
      .filter((r) => r.hit.strength >= Math.min(top.hit.strength, STRENGTH.parties) && r.ms >= 0.1 * total)
      .map((r) => r.hit.matter)
    return this.match(top.hit.matter, top.hit.evidence, rivals)
  }

  recognizeTitle(title: string): MatterMatch<M> | null {
    return this.recognizeTitles([{ title, ms: 1 }])
  }

  /** A calendar event: its title first, then its attendees' and organizer's domains. */
  recognizeEvent(title: string, domains: readonly string[]): MatterMatch<M> | null {
    const byTitle = this.recognizeTitle(title)
    if (byTitle && !byTitle.evidence.common) return byTitle
    const found = new Map<M, string>()
    for (const domain of domains) {
      const name = domain.toLowerCase()
      for (const [known, matters] of this.byDomain) {
        if (name !== known && !name.endsWith(`.${known}`)) continue
        for (const matter of matters) if (!found.has(matter)) found.set(matter, known)
      }
    }
    const [first, ...rest] = [...found]
    if (!first) return byTitle
    // a domain shared by several matters (one client, many matters) cannot tell them apart
    return this.match(
      first[0],
      { kind: 'domain', matched: first[1], source: first[1], common: false },
      rest.map(([m]) => m),
    )
  }

  private match(matter: M, evidence: Evidence, others: M[]): MatterMatch<M> {
    let reason = describeEvidence(matter, evidence)
    if (evidence.common) reason += ` — only the common word '${evidence.matched}' matched: check the matter`
    if (others.length > 0)
      reason += ` — also ${others.length === 1 ? 'matter' : 'matters'} ${others.map((m) => m.number).join(', ')}: two matters in one entry`
    return { matter, evidence, sure: !evidence.common && others.length === 0, reason, others }
  }
}

function describeEvidence(matter: MatterRef, evidence: Evidence): string {
  const where = `'${evidence.source}'`
  switch (evidence.kind) {
    case 'number':
      return `Matter ${matter.number} in ${where}`
    case 'name':
      return `Matter name '${evidence.matched}' (${matter.number}) in ${where}`
    case 'alias':
      return `'${evidence.matched}' (matter ${matter.number}) in ${where}`
    case 'parties':
      return `Parties ${evidence.matched
        .split(' / ')
        .map((p) => `'${p}'`)
        .join(' and ')} (matter ${matter.number}) in ${where}`
    case 'party':
      return `Party '${evidence.matched}' (matter ${matter.number}) in ${where}`
    case 'domain':
      return `Attendee domain ${evidence.matched} (matter ${matter.number})`
  }
}

const BEFORE_NUMBER = /[\p{L}\p{N}#]/u
const DIGIT = /\p{N}/u
const JOINER = /[-./:]/u

/** A matter number stands alone: no letter, digit or `#` right before it, no digit right after
 * it, and no `-`, `.`, `/` or `:` followed by a digit (it would be part of a longer number). */
function standsAlone(title: string, start: number, end: number): boolean {
  if (start > 0) {
    // the code point before: one UTF-16 unit, or two for a surrogate pair
    const low = title.charCodeAt(start - 1)
    const from = start > 1 && low >= 0xdc00 && low <= 0xdfff ? start - 2 : start - 1
    if (BEFORE_NUMBER.test(title.slice(from, start))) return false
  }
  const next = title.slice(end, end + 2)
  if (next === '') return true
  if (DIGIT.test(next[0] as string)) return false
  return !(JOINER.test(next[0] as string) && next.length > 1 && DIGIT.test(next[1] as string))
}
