// The application menu of packaged builds. With none set, Electron shows Chromium's default menu,
// whose View menu reloads the window and opens DevTools (Ctrl+Shift+I) on any production build.
// This one has only what a tray app's windows need: on macOS the app menu (About, Hide, Quit)
// and the Edit and Window menus (so ⌘C/⌘V/⌘W work in text fields and windows); elsewhere just
// Edit, with the menu bar hidden (the shortcuts still work). No reload, no DevTools.
import type { MenuItemConstructorOptions } from 'electron'

export function productionMenuTemplate(platform: NodeJS.Platform, appName: string): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }
  if (platform !== 'darwin') return [edit]
  return [
    {
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    edit,
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ]
}
