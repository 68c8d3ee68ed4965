// Settings → Matters and UTBMS codes (contract: src/shared/contract/matters.ts).
import { assertTimeZone, isDayKey } from '../../shared/report/zonedDays'
import { AppError } from '../base/appError'
import type { CodesService } from '../matters/codesService'
import type { GuidelineService } from '../matters/guidelineService'
import { MatterFileError, type MatterService } from '../matters/matterService'
import type { Handlers } from './dispatcher'

type MatterMethods =
  | 'matters.list'
  | 'matters.preview'
  | 'matters.import'
  | 'matters.coverage'
  | 'codes.get'
  | 'codes.set'
  | 'guidelines.check'

const userInput = <T>(action: () => T): T => {
  try {
    return action()
  } catch (error) {
    if (error instanceof MatterFileError) throw new AppError('invalid_input', error.message)
    throw error
  }
}

export function createMatterHandlers(deps: {
  matters: MatterService
  codes: CodesService
  guidelines: GuidelineService
  suggestAgain(): void
}): Pick<Handlers, MatterMethods> {
  return {
    'matters.list': () => deps.matters.list(),
    'matters.preview': ({ text, format }) => userInput(() => deps.matters.preview(text, format)),
    'matters.import': ({ text, format }) =>
      userInput(() => {
        const report = deps.matters.import(text, format)
        if (report.imported) deps.suggestAgain()
        return report
      }),
    'matters.coverage': ({ from, to, time_zone }) => {
      try {
        assertTimeZone(time_zone)
      } catch (error) {
        throw new AppError('invalid_input', (error as Error).message)
      }
      if (!isDayKey(from) || !isDayKey(to) || from > to)
        throw new AppError('invalid_input', `not a range of real days: ${from} – ${to}`)
      return deps.matters.coverage(from, to, time_zone)
    },
    'codes.get': ({ ids }) => deps.codes.get(ids),
    'guidelines.check': ({ ids, time_zone }) => {
      try {
        assertTimeZone(time_zone)
      } catch (error) {
        throw new AppError('invalid_input', (error as Error).message)
      }
      return deps.guidelines.check(ids, time_zone)
    },
    'codes.set': ({ ids, task_code, activity_code }) => {
      const codes = deps.codes.set(ids, { task_code, activity_code })
      deps.suggestAgain()
      return codes
    },
  }
}
