// A feature's background work — capture's sources, the suggest round timer, sync's scheduler,
// calendar refreshes, daily backups, the report warm-up — has one shape (Actual's app.service):
// its owner starts and stops every one of them the same way, and stop waits for work in flight.

export interface BackgroundService {
  readonly name: string
  start(): void
  /** stops its timers and waits for work in flight; safe to call when never started */
  stop(): Promise<void>
}

export interface ServiceGroup {
  readonly names: readonly string[]
  /** starts the named services (default: all), each once */
  start(names?: readonly string[]): void
  /** stops the started ones, last started first; every one is stopped even when another fails */
  stop(): Promise<void>
  running(): string[]
}

export function createServiceGroup(services: readonly BackgroundService[]): ServiceGroup {
  const byName = new Map(services.map((service) => [service.name, service]))
  const started: BackgroundService[] = []
  return {
    names: services.map((service) => service.name),
    start(names = services.map((service) => service.name)) {
      for (const name of names) {
        const service = byName.get(name)
        if (!service) throw new Error(`no background service named ${name}`)
        if (started.includes(service)) continue
        service.start()
        started.push(service)
      }
    },
    async stop() {
      const failures: unknown[] = []
      while (started.length > 0) {
        const service = started.pop()!
        await service.stop().catch((error: unknown) => failures.push(error))
      }
      if (failures.length > 0) throw failures[0]
    },
    running: () => started.map((service) => service.name),
  }
}
