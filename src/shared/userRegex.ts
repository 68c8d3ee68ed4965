// The user's regular expressions (title redaction rules, classification and calendar title rules)
// run through re2js: RE2 semantics, matching in time linear in the text, whatever the pattern.
// Titles are written by strangers (web pages, mail subjects), so a backtracking engine could be
// made to stall capture with a rule like `^(\w+\s?)+$`. RE2 has no backreferences or lookaround:
// such rules are refused when saved (userRegexProblems) and, when already stored, are reported
// as broken by the code that uses them (never a crash).
import { RE2JS } from 're2js'
import type { Settings } from './domain'

export interface UserRegex {
  /** whether the pattern matches anywhere in `text` */
  test(text: string): boolean
  /** every match replaced; `$1`, `$<name>`, `$&` and `$$` as in JavaScript's String.replace */
  replaceAll(text: string, replacement: string): string
  /** every non-overlapping match, leftmost first, with its UTF-16 offsets */
  matches(text: string): Array<{ text: string; start: number; end: number }>
}

export type CompiledUserRegex = { ok: true; regex: UserRegex } | { ok: false; problem: string }

/** Compiled patterns by flag and source: calendar rules are matched per event, not compiled per event. */
const cache = new Map<string, CompiledUserRegex>()
const CACHE_SIZE = 1000

export function compileUserRegex(source: string, options: { caseInsensitive?: boolean } = {}): CompiledUserRegex {
  const key = `${options.caseInsensitive ? 'i' : '-'}${source}`
  let compiled = cache.get(key)
  if (!compiled) {
    if (cache.size >= CACHE_SIZE) cache.clear()
    compiled = compile(source, options.caseInsensitive === true)
    cache.set(key, compiled)
  }
  return compiled
}

function compile(source: string, caseInsensitive: boolean): CompiledUserRegex {
  let pattern: RE2JS
  try {
    pattern = RE2JS.compile(source, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /u, '') : String(error)
    return { ok: false, problem: reason }
  }
  return {
    ok: true,
    regex: {
      test: (text) => pattern.matcher(text).find(),
      replaceAll: (text, replacement) => pattern.matcher(text).replaceAll(replacement),
      matches: (text) => {
        const out: Array<{ text: string; start: number; end: number }> = []
        const matcher = pattern.matcher(text)
        while (matcher.find()) {
          const start = matcher.start()
          const end = matcher.end()
          out.push({ text: text.slice(start, end), start, end })
        }
        return out
      },
    },
  }
}

/**
 * Why the rules in a settings change cannot be saved (empty when they can): every pattern must
 * compile with the linear-time engine. Names the rule so the user can find it.
 */
export function userRegexProblems(
  patch: Partial<Pick<Settings, 'redaction_rules' | 'classification_rules'>>,
): string[] {
  const problems: string[] = []
  for (const rule of patch.redaction_rules ?? []) {
    const compiled = compileUserRegex(rule.pattern)
    if (!compiled.ok)
      problems.push(
        `redaction rule for ${rule.app}: pattern ${JSON.stringify(rule.pattern)} is not supported: ${compiled.problem}`,
      )
  }
  for (const rule of patch.classification_rules ?? []) {
    if (!rule.title_pattern) continue
    const compiled = compileUserRegex(rule.title_pattern, { caseInsensitive: true })
    if (!compiled.ok)
      problems.push(
        `rule '${rule.id}': title pattern ${JSON.stringify(rule.title_pattern)} is not supported: ${compiled.problem}`,
      )
  }
  return problems
}
