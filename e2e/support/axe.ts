// One axe-core check for every view and dialog of the e2e suite: WCAG 2 A/AA plus best
// practices. Serious and critical violations fail the test here; moderate and minor ones are
// returned so each spec lists (and explains) the ones it accepts next to the test.
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const

export interface AxeFinding {
  id: string
  impact: string
  help: string
  targets: string[]
}

const describe = (findings: AxeFinding[]) =>
  findings.map((f) => `${f.impact} ${f.id}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n')

/**
 * Runs axe on the page as it is (or only inside `include`, a CSS selector) and fails on any
 * serious or critical violation, naming the rule and the elements. Returns the lesser ones.
 */
export async function expectNoSeriousAxeViolations(
  page: Page,
  options: { include?: string; label?: string } = {},
): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page }).withTags([...AXE_TAGS])
  if (options.include) builder = builder.include(options.include)
  const { violations } = await builder.analyze()
  const findings: AxeFinding[] = violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }))
  const blocking = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')
  expect(blocking, `axe (${options.label ?? page.url()}):\n${describe(blocking)}`).toEqual([])
  return findings
}

/** The rule ids of lesser findings, for `expect(...).toEqual([...explained ids])`. */
export const ruleIds = (findings: AxeFinding[]) => [...new Set(findings.map((f) => f.id))].sort()

/** No finding at all, of any impact: what every view and dialog holds to today (#17). */
export async function expectAxeClean(page: Page, label: string): Promise<void> {
  const lesser = await expectNoSeriousAxeViolations(page, { label })
  // No moderate or minor finding is accepted without an explanation next to the test.
  expect(ruleIds(lesser), `${label}: ${JSON.stringify(lesser, null, 1)}`).toEqual([])
}
