// Moved to src/shared (pure): capture and the imports in src/main/export apply the same rules.
// Owner names differ per platform and version (`Code`, `code`, `Visual Studio Code`, `code.exe`):
// they are normalised to one stable app id here, so rules, exclusions and heuristics see `vscode`.
// The built-in map below is the documented default; users extend or override it with
// Settings.app_aliases (keys compared case-insensitively, after the same clean-up).
import { ownValue } from './ownValue'

/** Built-in aliases: cleaned owner name → app id. */
export const BUILTIN_APP_ALIASES: Readonly<Record<string, string>> = {
  code: 'vscode',
  'code-oss': 'vscode',
  'code - oss': 'vscode',
  'visual studio code': 'vscode',
  'code - insiders': 'vscode',
  vscodium: 'vscode',
  'google-chrome': 'chrome',
  'google chrome': 'chrome',
  chrome: 'chrome',
  'chromium-browser': 'chromium',
  chromium: 'chromium',
  'mozilla firefox': 'firefox',
  firefox: 'firefox',
  'firefox-esr': 'firefox',
  navigator: 'firefox',
  'microsoft edge': 'edge',
  msedge: 'edge',
  safari: 'safari',
  'microsoft teams': 'teams',
  'ms-teams': 'teams',
  teams: 'teams',
  'zoom.us': 'zoom',
  zoom: 'zoom',
  slack: 'slack',
  'microsoft outlook': 'outlook',
  outlook: 'outlook',
  'microsoft word': 'word',
  winword: 'word',
  'microsoft excel': 'excel',
  excel: 'excel',
  'microsoft powerpoint': 'powerpoint',
  powerpnt: 'powerpoint',
  thunderbird: 'thunderbird',
  'gnome-terminal-server': 'terminal',
  'gnome-terminal': 'terminal',
  terminal: 'terminal',
  iterm2: 'terminal',
  windowsterminal: 'terminal',
  konsole: 'terminal',
  'org.gnome.nautilus': 'files',
  nautilus: 'files',
  finder: 'files',
  explorer: 'files',
  'libreoffice-writer': 'libreoffice',
  soffice: 'libreoffice',
}

/** Lower-cases, drops platform suffixes (`.exe`, `.app`) and surrounding noise. */
export function cleanOwnerName(owner: string): string {
  return owner
    .trim()
    .toLowerCase()
    .replace(/\.(exe|app)$/u, '')
    .replace(/\s+/gu, ' ')
}

/** A stable id for an owner name; never empty, at most 128 characters. */
export function normalizeAppId(owner: string, userAliases: Readonly<Record<string, string>> = {}): string {
  const cleaned = cleanOwnerName(owner)
  if (cleaned === '') return 'unknown'
  for (const [from, to] of Object.entries(userAliases)) {
    if (cleanOwnerName(from) === cleaned) return slug(to)
  }
  const builtin = ownValue(BUILTIN_APP_ALIASES, cleaned)
  if (builtin) return builtin
  return slug(cleaned)
}

function slug(name: string): string {
  const id = cleanOwnerName(name)
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 128)
  return id === '' ? 'unknown' : id
}

/** Whether an app id is on the user's exclusion list (entries may be ids or owner names). */
export function isExcluded(
  appId: string,
  excluded: readonly string[],
  userAliases: Readonly<Record<string, string>> = {},
): boolean {
  return excluded.some((entry) => entry.trim() !== '' && normalizeAppId(entry, userAliases) === appId)
}
