// Accessibility e2e: axe-core (WCAG 2 A/AA + best practices) on every view and dialog, in the
// light and the dark theme. The theme follows the OS (prefers-color-scheme), emulated here.
// Serious and critical findings fail inside the helper; the lesser ones must match the list
// of explained exceptions below (today: none).
import type { Locator, Page } from '@playwright/test'
import { expectNoSeriousAxeViolations, ruleIds } from './support/axe'
import { expect, test } from './support/fixtures'
import { fixedClockOptions, seedBusyDay, seedDay } from './support/reviewSeed'

test.use(fixedClockOptions)

async function expectAccessible(page: Page, label: string) {
  const lesser = await expectNoSeriousAxeViolations(page, { label })
  // No moderate or minor finding is accepted without an explanation here.
  expect(ruleIds(lesser), `${label}: ${JSON.stringify(lesser, null, 1)}`).toEqual([])
}

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
      await expectAccessible(page, 'review queue')

      for (const [key, testId] of [['?', 'help-overlay'], ['e', 'edit-dialog'], ['s', 'split-dialog']] as const) {
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
      await page.getByTestId('away-prompt').getByRole('button', { name: /Discard/ }).press('d')
      await page.getByRole('button', { name: 'Timeline' }).click()
      await expect(page.getByTestId('lane-entries')).toBeVisible()
      await expectAccessible(page, 'timeline')
      await page.getByRole('button', { name: 'Settings' }).click()
      await expect(page.getByTestId('settings')).toBeVisible()
      await page.getByRole('button', { name: 'Add redaction rule' }).click()
      await page.getByRole('button', { name: 'Add classification rule' }).click()
      await expectAccessible(page, 'settings')
    })
  })
}
