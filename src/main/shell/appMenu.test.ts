// Issue #26 (10): the production menu on every platform has editing and window roles only.
import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { productionMenuTemplate } from './appMenu'

const roles = (items: readonly MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ])

describe('production application menu', () => {
  it.each(['darwin', 'win32', 'linux'] as const)(
    'on %s: copy and paste work, no reload and no DevTools',
    (platform) => {
      const found = roles(productionMenuTemplate(platform, 'BillOps Tracker'))
      expect(found).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll', 'undo']))
      for (const role of found)
        expect([
          'reload',
          'forceReload',
          'toggleDevTools',
          'viewMenu',
          'windowMenu',
          'fileMenu',
          'appMenu',
        ]).not.toContain(role)
    },
  )

  it('macOS keeps Quit and Hide in the app menu', () => {
    expect(roles(productionMenuTemplate('darwin', 'BillOps Tracker'))).toEqual(
      expect.arrayContaining(['quit', 'hide', 'about', 'close']),
    )
  })
})
