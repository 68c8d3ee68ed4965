// The capture health shown in tray, window and CLI: each source reports ok / degraded / off.
import type { SourceHealth } from '../../shared/contract'

type Source = SourceHealth['source']

export class HealthRegistry {
  private readonly states = new Map<Source, SourceHealth>()

  constructor(private readonly onChange: () => void = () => {}) {
    for (const source of ['input', 'window', 'system', 'store'] as const) {
      this.states.set(source, { source, state: 'off', reason: 'not started' })
    }
  }

  set(source: Source, state: SourceHealth['state'], reason: string | null = null): void {
    const previous = this.states.get(source)
    if (previous?.state === state && previous.reason === reason) return
    this.states.set(source, { source, state, reason })
    this.onChange()
  }

  get(source: Source): SourceHealth {
    return this.states.get(source) as SourceHealth
  }

  list(): SourceHealth[] {
    return [...this.states.values()]
  }
}
