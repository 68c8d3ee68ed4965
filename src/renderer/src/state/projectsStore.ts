// Local projects and clients for the quick pick, loaded once and kept fresh after saves.
import { create } from 'zustand'
import type { MethodInput, MethodOutput } from '../../../shared/contract'
import type { Client, Project } from '../../../shared/contract/projects'
import { useAppStore } from './appStore'
import { errorMessage } from '../../../shared/errorMessage'

interface ProjectsState {
  loaded: boolean
  error: string | null
  projects: Project[]
  clients: Client[]
  load(): Promise<void>
  /** creates a project from a typed name (free entry) and returns it */
  createProject(name: string, clientId: string | null): Promise<Project | null>
  createClient(name: string): Promise<Client | null>
  /** creates (no id) or renames / moves a project; entries keep pointing at its id */
  saveProject(project: { id?: string; name: string; client_id: string | null }): Promise<Project | null>
  saveClient(client: { id?: string; name: string }): Promise<Client | null>
}

export const useProjectsStore = create<ProjectsState>((set, get) => {
  /** Saves through the API and reloads the lists; a failure is kept in `error` and yields null. */
  async function save<M extends 'projects.save' | 'clients.save'>(
    method: M,
    input: MethodInput<M>,
    what: string,
  ): Promise<MethodOutput<M> | null> {
    const api = useAppStore.getState().api
    if (!api) return null
    try {
      const saved = await api.call(method, input)
      await get().load()
      return saved
    } catch (error) {
      set({ error: `Could not ${input.id ? 'save' : 'create'} the ${what}: ${errorMessage(error)}` })
      return null
    }
  }

  return {
    loaded: false,
    error: null,
    projects: [],
    clients: [],
    async load() {
      const api = useAppStore.getState().api
      if (!api) return
      try {
        const list = await api.call('projects.list', null)
        set({ loaded: true, error: null, projects: list.projects, clients: list.clients })
      } catch (error) {
        set({ loaded: true, error: `Could not load projects: ${errorMessage(error)}` })
      }
    },
    createProject: (name, clientId) => get().saveProject({ name, client_id: clientId }),
    createClient: (name) => get().saveClient({ name }),
    saveProject: (project) => save('projects.save', project, 'project'),
    saveClient: (client) => save('clients.save', client, 'client'),
  }
})

export const projectName = (projects: readonly Project[], id: string | null): string | null =>
  id === null ? null : (projects.find((p) => p.id === id)?.name ?? id)
export const clientName = (clients: readonly Client[], id: string | null): string | null =>
  id === null ? null : (clients.find((c) => c.id === id)?.name ?? id)
