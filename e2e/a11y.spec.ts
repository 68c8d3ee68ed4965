// Accessibility e2e: axe-core (WCAG 2 A/AA + best practices) on every view and dialog, in the
// light and the dark theme. The theme follows the OS (prefers-color-scheme), emulated here.
// Serious and critical findings fail inside the helper; the lesser ones must match the list
// of explained exceptions below (today: none).
import type { Locator, Page } from '@playwright/test'
import { join } from 'node:path'
import { expectAxeClean as expectAccessible } from './support/axe'
import { expect, test } from './support/fixtures'
import { fixedClockOptions, seedBusyDay, seedDay } from './support/reviewSeed'

test.use(fixedClockOptions)

/** Escape closes the project choices first when they are open, then the dialog. */
async function escapeFrom(page: Page, dialog: Locator) {
  await page.keyboard.press('Escape')
  await expect(dialog.getByRole('listbox')).toHaveCount(0)
  if (await dialog.isVisible()) await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme })
    // axe runs seven or eight times per test: give them room on a shared, busy machine
    test.slow()

    test('review queue and its dialogs (away prompt, help, edit, split)', async ({ page, app }) => {
      seedDay(app.core)
      seedBusyDay(app.core)
      await app.core.dispatch('settings.update', { billing_increment_minutes: 6 })
      await page.goto(app.url)
      const away = page.getByTestId('away-prompt')
      await expect(away).toBeVisible()
      await expectAccessible(page, 'away prompt')
      await page.keyboard.press('a')
      await expect(away.getByRole('combobox', { name: 'Project' })).toBeFocused()
      await expectAccessible(page, 'away prompt, assign form')
      await escapeFrom(page, away)

      await expect(page.getByTestId('queue')).toBeVisible()
      await page.keyboard.press('j')
      await page.keyboard.press('x')
      await expect(page.getByTestId('selection-count')).toContainText('1 selected')
      // what a screen reader says for a row: span, duration, billed, activity, project, confidence, verify reason
      const grid = page.getByRole('grid', { name: 'Entries awaiting review' })
      await expect(
        grid.getByRole('row', {
          name: '10:00–10:07, 7 min, bills 12 min, mixed, no project, low confidence 35%, verify: multiple activity types detected',
          exact: true,
        }),
      ).toHaveCount(1)
      await expect(
        grid.getByRole('row', {
          name: '09:00–09:45, 45 min, bills 48 min, focused work, project acme, high confidence 90%',
          exact: true,
        }),
      ).toHaveCount(1)
      await expectAccessible(page, 'review queue')

      for (const [key, testId] of [
        ['?', 'help-overlay'],
        ['e', 'edit-dialog'],
        ['s', 'split-dialog'],
      ] as const) {
        await page.keyboard.press(key)
        await expect(page.getByTestId(testId)).toBeVisible()
        await expectAccessible(page, testId)
        await escapeFrom(page, page.getByTestId(testId))
      }
    })

    test('timeline and settings', async ({ page, app }) => {
      seedDay(app.core)
      seedBusyDay(app.core)
      await page.goto(app.url)
      await page
        .getByTestId('away-prompt')
        .getByRole('button', { name: /Discard/ })
        .press('d')
      await page.getByRole('button', { name: 'Timeline' }).click()
      await expect(page.getByTestId('lane-entries')).toBeVisible()
      // apps are told apart by name, not colour alone: the legend and each span say which app
      const legend = page.getByRole('list', { name: 'Legend' })
      for (const item of ['chrome 6 min', 'slack 22 min', 'vscode 44 min', 'word 1 h', 'idle', 'away'])
        await expect(legend.getByRole('listitem').filter({ hasText: item })).toHaveCount(1)
      await expect(
        page.getByTestId('lane-activity').getByRole('listitem', { name: /^vscode 09:00–09:43 · \d+ events$/ }),
      ).toHaveCount(1)
      await expectAccessible(page, 'timeline')
      await page.getByRole('button', { name: 'Settings' }).click()
      await expect(page.getByTestId('settings')).toBeVisible()
      await page.getByRole('button', { name: 'Add redaction rule' }).click()
      await page.getByRole('button', { name: 'Add classification rule' }).click()
      // Settings → Calendars with a source listed (#16)
      const calendars = page.getByTestId('calendar-settings')
      await calendars
        .getByLabel('Calendar file (.ics)')
        .setInputFiles(join(__dirname, '../test/fixtures/calendar/day-with-meetings.ics'))
      await calendars.getByRole('button', { name: 'Add file' }).click()
      await expect(calendars.getByTestId('calendar-source')).toContainText('File: day-with-meetings.ics')
      await expectAccessible(page, 'settings')
    })
  })
}

/**
 * Elements (all matches of `selector`) that stick out of the viewport or of a scrolling or
 * clipping ancestor horizontally: what a user at that zoom could not see or reach.
 */
async function horizontallyClipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) => {
    const out: string[] = []
    const width = document.documentElement.clientWidth
    for (const el of elements) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 && box.height === 0) continue
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`
      if (box.left < -0.5 || box.right > width + 0.5)
        out.push(`${name} outside the viewport (${Math.round(box.left)}–${Math.round(box.right)} of ${width})`)
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue
        const clip = a.getBoundingClientRect()
        if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5)
          out.push(`${name} cut off by ${a.tagName.toLowerCase()}.${a.className}`)
        break
      }
    }
    return out
  })
}

test.describe('200% zoom (a 1200×800 window at twice the size: 600×400 CSS pixels)', () => {
  test.use({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 2 })

  test('no view or dialog scrolls sideways, and no control is cut off', async ({ page, app }) => {
    seedDay(app.core)
    seedBusyDay(app.core)
    await app.core.dispatch('settings.update', { billing_increment_minutes: 6 })
    await page.goto(app.url)
    const noSideScroll = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)
    await expect(page.getByTestId('away-prompt')).toBeVisible()
    expect(await horizontallyClipped(page, '[data-testid="away-prompt"] button')).toEqual([])
    await page.keyboard.press('d')
    // the queue's keys wait until the answer is stored (the prompt then goes)
    await expect(page.getByTestId('away-prompt')).toBeHidden()
    await expect(page.getByTestId('queue')).toBeVisible()
    expect(await noSideScroll()).toBe(true)
    expect(
      await horizontallyClipped(
        page,
        'header button, .status > *, [role="toolbar"] button, .row__span, .row__duration, .day__title',
      ),
    ).toEqual([])

    await page.keyboard.press('e')
    await expect(page.getByTestId('edit-dialog')).toBeVisible()
    expect(
      await horizontallyClipped(
        page,
        '[data-testid="edit-dialog"] :is(input, select, textarea, button, [role="combobox"])',
      ),
    ).toEqual([])
    await escapeFrom(page, page.getByTestId('edit-dialog'))

    await page.getByRole('button', { name: 'Timeline' }).press('Enter')
    await expect(page.getByTestId('lane-entries')).toBeVisible()
    expect(await noSideScroll()).toBe(true)
    expect(await horizontallyClipped(page, '.timeline button, .legend__item, [role="slider"]')).toEqual([])

    await page.getByRole('button', { name: 'Settings' }).press('Enter')
    await expect(page.getByTestId('settings')).toBeVisible()
    await page.getByRole('button', { name: 'Add redaction rule' }).press('Enter')
    await page.getByRole('button', { name: 'Add classification rule' }).press('Enter')
    expect(await noSideScroll()).toBe(true)
    expect(
      await horizontallyClipped(page, '.app__main--settings :is(input, select, textarea, button, legend, label)'),
    ).toEqual([])
    await page.screenshot({ path: 'test-results/a11y-zoom-200-settings.png', fullPage: true })

    await page.getByRole('button', { name: 'Reports' }).press('Enter')
    await expect(page.getByTestId('report-totals')).toBeVisible()
    expect(await noSideScroll()).toBe(true)
    expect(await page.locator('.app__main--reports button').count()).toBeGreaterThan(3)
    expect(await horizontallyClipped(page, '.app__main--reports :is(button, select, input, label, h2, h3)')).toEqual([])
  })
})

test.describe('reduced motion', () => {
  // Nothing in the app animates today; the guard in styles.css must also stop what a later
  // change adds (a transition, an animation, smooth scrolling) for users who ask for less motion.
  const motion = (page: Page) =>
    page.evaluate(() => {
      // a constructed sheet: the strict CSP refuses inline <style>
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(
        '.app__title { transition: color 2s; animation: 3s linear infinite spin; scroll-behavior: smooth } @keyframes spin {}',
      )
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
      const title = getComputedStyle(document.querySelector('.app__title')!)
      return { transition: title.transitionDuration, animation: title.animationDuration, scroll: title.scrollBehavior }
    })

  test('with prefers-reduced-motion: reduce, transitions, animations and smooth scrolling are off', async ({
    page,
    app,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' })
    await page.goto(app.url)
    await expect(page.getByTestId('app-status')).toBeVisible()
    expect(await motion(page)).toEqual({ transition: '0s', animation: '0s', scroll: 'auto' })
  })

  test('without it, they are left as written', async ({ page, app }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' })
    await page.goto(app.url)
    await expect(page.getByTestId('app-status')).toBeVisible()
    expect(await motion(page)).toEqual({ transition: '2s', animation: '3s', scroll: 'smooth' })
  })
})
