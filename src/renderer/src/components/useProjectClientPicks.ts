// Project + client quick picks for a form. Creating an item from typed text is a round trip to the
// main process: a form submitted while it is under way must wait for it and use the new id, or a
// fast typist's pick is silently lost. `settled()` gives the values once every creation finished.
import { useRef, useState } from 'react'
import { useProjectsStore } from '../state/projectsStore'

export interface ProjectClientPicks {
  projectId: string | null
  clientId: string | null
  setProject(id: string | null): void
  setClient(id: string | null): void
  createProject(name: string): Promise<string | null>
  createClient(name: string): Promise<string | null>
  settled(): Promise<{ projectId: string | null; clientId: string | null }>
}

export function useProjectClientPicks(initialProject: string | null, initialClient: string | null): ProjectClientPicks {
  const { projects, createProject, createClient } = useProjectsStore()
  const [projectId, setProjectId] = useState(initialProject)
  const [clientId, setClientId] = useState(initialClient)
  // State updates are not visible to a submit handler that is already running: mirror them.
  const latest = useRef({ projectId: initialProject, clientId: initialClient })
  const pending = useRef(new Set<Promise<unknown>>())

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.current.add(promise)
    void promise.finally(() => pending.current.delete(promise))
    return promise
  }
  const setClient = (id: string | null) => {
    latest.current.clientId = id
    setClientId(id)
  }
  const setProject = (id: string | null) => {
    latest.current.projectId = id
    setProjectId(id)
    // A project with a known client brings its client along.
    const client = projects.find((p) => p.id === id)?.client_id
    if (client) setClient(client)
  }

  return {
    projectId,
    clientId,
    setProject,
    setClient,
    createProject: (name) => track(createProject(name, latest.current.clientId).then((p) => p?.id ?? null)),
    createClient: (name) => track(createClient(name).then((c) => c?.id ?? null)),
    async settled() {
      // QuickPick applies a created id right after the creation resolves, before this wakes up.
      while (pending.current.size > 0) await Promise.allSettled([...pending.current])
      return { ...latest.current }
    },
  }
}
