// The page-side global the specs call through (installed by the preload or the test bridge).
import type { RawBridge } from '../../src/shared/contract/client'

declare global {
  interface Window {
    billops?: RawBridge
  }
}
