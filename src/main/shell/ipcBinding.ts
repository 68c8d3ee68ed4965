// Binds the contract to Electron IPC: one handler on one channel, the sender checked before the
// dispatcher parses the input. Modelled on VS Code's validated ipcMain wrapper.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { CallResult } from '../../shared/contract'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipcChannels'
import type { Dispatch } from '../api/dispatcher'
import type { EventBus } from '../base/eventBus'
import type { Logger } from '../base/logger'
import { isTrustedUrl } from './appOrigin'

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  dispatch: Dispatch
  events: EventBus
  logger: Logger
  /** origins of our own windows */
  trustedOrigins: readonly string[]
  /** webContents allowed to call in (our windows); anything else is rejected */
  isOwnWebContents: (contents: WebContents) => boolean
  /** where events go: our live windows */
  eventTargets: () => WebContents[]
}

const forbidden: CallResult = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'caller is not a BillOps window' },
}

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  options: Pick<IpcBindingOptions, 'trustedOrigins' | 'isOwnWebContents'>,
): boolean {
  const frame = event.senderFrame
  // A destroyed or navigated-away frame has no senderFrame: refuse rather than guess.
  if (!frame) return false
  // Sub-frames never get the API, even same-origin ones.
  if (frame.parent !== null) return false
  if (!options.isOwnWebContents(event.sender)) return false
  return isTrustedUrl(frame.url, options.trustedOrigins)
}

export function bindIpc(options: IpcBindingOptions): () => void {
  options.ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event, options)) {
      options.logger.warn('rejected IPC call from an untrusted sender', String(method).slice(0, 80))
      return forbidden
    }
    return options.dispatch(method, input)
  })
  const unsubscribe = options.events.onAny((name, payload) => {
    for (const contents of options.eventTargets()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { name, payload })
    }
  })
  return () => {
    options.ipcMain.removeHandler(INVOKE_CHANNEL)
    unsubscribe()
  }
}
