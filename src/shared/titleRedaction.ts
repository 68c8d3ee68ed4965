// Moved to src/shared (pure): capture and the imports in src/main/export apply the same rules.
// Titles are redacted at capture time, before they reach memory buffers or disk: the user's rules
// (a regular expression per app, e.g. strip e-mail subjects) replace matches. A rule that does not
// compile drops the whole title: failing closed is the only safe reading of a broken privacy rule.
// Patterns run on the linear-time engine (userRegex.ts): no title can make a rule stall capture.
import type { RedactionRule } from './domain'
import { compileUserRegex, type UserRegex } from './userRegex'

interface CompiledRule {
  app: string
  pattern: UserRegex | null
  replacement: string
}

export interface TitleRedactor {
  redact(appId: string, title: string | null): string | null
  /** rules that did not compile, by index, for the capture status */
  invalidRules(): number[]
}

/** the stored length of a title (MAX_TITLE_LENGTH in heuristics/signalTable.ts) */
const MAX_TITLE = 1024

export function createTitleRedactor(rules: readonly RedactionRule[]): TitleRedactor {
  const compiled: CompiledRule[] = rules.map((rule) => {
    const compiled = compileUserRegex(rule.pattern)
    const pattern = compiled.ok ? compiled.regex : null
    return { app: rule.app, pattern, replacement: rule.replacement }
  })
  return {
    redact(appId, title) {
      if (title === null) return null
      // Cut to the stored length first: the rules never run over text that is not kept (a
      // megabyte title must not cost a regular expression its whole length).
      let result = title.slice(0, MAX_TITLE)
      for (const rule of compiled) {
        if (rule.app !== '*' && rule.app !== appId) continue
        if (rule.pattern === null) return null
        result = rule.pattern.replaceAll(result, rule.replacement)
      }
      return result.slice(0, MAX_TITLE)
    },
    invalidRules: () => compiled.flatMap((rule, index) => (rule.pattern === null ? [index] : [])),
  }
}
