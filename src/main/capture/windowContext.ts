// How a front window is recorded under the settings in force: the app id, the title after
// redaction (or none), or nothing at all for an excluded app. Computed once per window change or
// settings change, never per input event.
import type { Settings } from '../../shared/domain'
import type { Logger } from '../base/logger'
import { isExcluded, normalizeAppId } from './appId'
import { createTitleRedactor, type TitleRedactor } from './redaction'
import type { ActiveWindow } from './types'

/** App id recorded for everything while private mode is on. */
export const PRIVATE_APP = 'private'
/** App id when no window source can tell which application is in front. */
export const UNKNOWN_APP = 'unknown'

export interface AppContext {
  app: string
  title: string | null
  excluded: boolean
}

export const NO_WINDOW: AppContext = { app: UNKNOWN_APP, title: null, excluded: false }

export interface WindowContexts {
  /** compiles the redaction rules of new settings (a rule that does not compile drops titles) */
  useSettings(settings: Settings): void
  of(window: ActiveWindow | null, settings: Settings): AppContext
}

export function createWindowContexts(logger: Logger): WindowContexts {
  let redactor: TitleRedactor = createTitleRedactor([])
  return {
    useSettings(settings) {
      redactor = createTitleRedactor(settings.redaction_rules)
      const invalid = redactor.invalidRules()
      if (invalid.length > 0)
        logger.warn('redaction rules that do not compile drop titles entirely', `rule #${invalid.join(', #')}`)
    },
    of(window, settings) {
      if (settings.private_mode) return { app: PRIVATE_APP, title: null, excluded: false }
      if (window === null) return NO_WINDOW
      const app = normalizeAppId(window.owner, settings.app_aliases)
      if (isExcluded(app, settings.excluded_apps, settings.app_aliases)) return { app, title: null, excluded: true }
      const title = settings.title_capture ? redactor.redact(app, window.title) : null
      return { app, title, excluded: false }
    },
  }
}
