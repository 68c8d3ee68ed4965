// Words too common to name a matter on their own: a party called "Target", "Delta" or "Summit",
// or an alias like "Discovery", is found in many titles that have nothing to do with it. A match
// on such a word alone is proposed below the verify threshold, with that reason (#30).
const WORDS = `
a an and the of for in on at to by with from or v vs re fw fwd
apple amazon target delta united american national general first global international capital
summit pioneer liberty eagle phoenix mercury atlas apex alpha omega sun star north south east west
central pacific atlantic premier royal standard superior universal allied advance best better
bank trust estate family home city county state federal group partners holdings company
energy health care health-care life insurance services solutions systems technologies technology
media digital data cloud network networks software labs studio studios design designs
discovery motion brief draft review memo letter notes note agenda minutes plan budget report
meeting call update project projects team teams client clients matter matters case cases file files
contract contracts agreement agreements lease deal merger closing filing hearing trial deposition
research invoice invoices billing time admin office inbox calendar document documents
new old final revised copy version v1 v2 v3 redline clean signed executed
monday tuesday wednesday thursday friday saturday sunday today tomorrow weekly daily monthly
january february march april may june july august september october november december
smith johnson williams brown jones miller davis wilson moore taylor anderson thomas jackson white
harris martin thompson garcia martinez robinson clark lewis lee walker hall allen young king wright
`
export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/u).filter(Boolean))

/**
 * True when a normalised phrase is one common word (or shorter than 3 letters). Phrases of two or
 * more words ("First National Bank", "Smith v Jones") are specific enough as a whole.
 */
export function isCommonPhrase(phrase: string): boolean {
  const words = phrase.split(' ').filter(Boolean)
  return phrase.replace(/ /gu, '').length < 3 || (words.length === 1 && COMMON_WORDS.has(words[0] as string))
}
