// The project and client quick picks every entry form shows, driven by useProjectClientPicks.
import { useProjectsStore } from '../state/projectsStore'
import { QuickPick } from './QuickPick'
import type { ProjectClientPicks } from './useProjectClientPicks'

interface ProjectClientFieldsProps {
  picks: ProjectClientPicks
  autoFocus?: boolean
  projectTestId?: string
  clientTestId?: string
}

export function ProjectClientFields({ picks, autoFocus, projectTestId, clientTestId }: ProjectClientFieldsProps) {
  const { projects, clients } = useProjectsStore()
  const clientName = (id: string | null) => clients.find((c) => c.id === id)?.name ?? null
  return (
    <>
      <QuickPick
        label="Project"
        value={picks.projectId}
        autoFocus={autoFocus}
        options={projects.map((p) => ({ id: p.id, label: p.name, hint: clientName(p.client_id) }))}
        onChange={picks.setProject}
        onCreate={picks.createProject}
        testId={projectTestId}
      />
      <QuickPick
        label="Client"
        value={picks.clientId}
        options={clients.map((c) => ({ id: c.id, label: c.name }))}
        onChange={picks.setClient}
        onCreate={picks.createClient}
        testId={clientTestId}
      />
    </>
  )
}
