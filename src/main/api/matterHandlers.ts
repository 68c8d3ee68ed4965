// Settings → Matters and UTBMS codes (contract: src/shared/contract/matters.ts).
import { AppError } from '../base/appError'
import type { CodesService } from '../matters/codesService'
import { MatterFileError, type MatterService } from '../matters/matterService'
import type { Handlers } from './dispatcher'

type MatterMethods = 'matters.list' | 'matters.preview' | 'matters.import' | 'codes.get' | 'codes.set'

const userInput = <T>(action: () => T): T => {
  try {
    return action()
  } catch (error) {
    if (error instanceof MatterFileError) throw new AppError('invalid_input', error.message)
    throw error
  }
}

export function createMatterHandlers(deps: { matters: MatterService; codes: CodesService; suggestAgain(): void }): Pick<Handlers, MatterMethods> {
  return {
    'matters.list': () => deps.matters.list(),
    'matters.preview': ({ text, format }) => userInput(() => deps.matters.preview(text, format)),
    'matters.import': ({ text, format }) =>
      userInput(() => {
        const report = deps.matters.import(text, format)
        if (report.imported) deps.suggestAgain()
        return report
      }),
    'codes.get': ({ ids }) => deps.codes.get(ids),
    'codes.set': ({ ids, task_code, activity_code }) => {
      const codes = deps.codes.set(ids, { task_code, activity_code })
      deps.suggestAgain()
      return codes
    },
  }
}
