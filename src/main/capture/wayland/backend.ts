// What every desktop backend provides. The words its health uses are in src/shared/captureHealth.ts.
import type { SourceLifecycle, WindowListener } from '../types'
import type { SessionBus } from './sessionBus'

export interface WaylandWindowBackend {
  start(bus: SessionBus, env: NodeJS.ProcessEnv, onChange: WindowListener, lifecycle: SourceLifecycle): Promise<void>
  stop(): Promise<void>
}
