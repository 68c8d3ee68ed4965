// Projects and clients: rename them, move a project to another client, add new ones. Entries point
// at ids, so a rename shows everywhere at once. Nothing here deletes: approved time may use them.
import { useEffect, useState, type FormEvent } from 'react'
import type { Client, Project } from '../../../shared/contract/projects'
import { useProjectsStore } from '../state/projectsStore'

const NO_CLIENT = ''

function ClientSelect(props: {
  clients: readonly Client[]
  value: string | null
  label: string
  onChange(id: string | null): void
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value ?? NO_CLIENT}
      onChange={(e) => props.onChange(e.target.value === NO_CLIENT ? null : e.target.value)}
    >
      <option value={NO_CLIENT}>No client</option>
      {props.clients.map((client) => (
        <option key={client.id} value={client.id}>
          {client.name}
        </option>
      ))}
    </select>
  )
}

function ClientRow({ client, onSave }: { client: Client; onSave(name: string): Promise<unknown> }) {
  const [name, setName] = useState(client.name)
  useEffect(() => setName(client.name), [client.name])
  const changed = name.trim() !== '' && name.trim() !== client.name
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (changed) void onSave(name.trim())
  }
  return (
    <li>
      <form className="projects-settings__row" onSubmit={submit}>
        <input
          aria-label={`Name of client ${client.name}`}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!changed}>
          Rename
        </button>
      </form>
    </li>
  )
}

function ProjectRow(props: {
  project: Project
  clients: readonly Client[]
  onSave(name: string, clientId: string | null): Promise<unknown>
}) {
  const { project } = props
  const [name, setName] = useState(project.name)
  const [clientId, setClientId] = useState(project.client_id)
  useEffect(() => setName(project.name), [project.name])
  useEffect(() => setClientId(project.client_id), [project.client_id])
  const changed = name.trim() !== '' && (name.trim() !== project.name || clientId !== project.client_id)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (changed) void props.onSave(name.trim(), clientId)
  }
  return (
    <li>
      <form className="projects-settings__row" onSubmit={submit}>
        <input
          aria-label={`Name of project ${project.name}`}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
        <ClientSelect
          clients={props.clients}
          value={clientId}
          label={`Client of project ${project.name}`}
          onChange={setClientId}
        />
        <button type="submit" disabled={!changed}>
          Save
        </button>
      </form>
    </li>
  )
}

function AddForm(props: {
  label: string
  clients?: readonly Client[]
  onAdd(name: string, clientId: string | null): Promise<unknown>
}) {
  const [name, setName] = useState('')
  const [clientId, setClientId] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return
    if (await props.onAdd(name.trim(), clientId)) {
      setName('')
      setClientId(null)
    }
  }
  return (
    <form className="projects-settings__row" onSubmit={(e) => void submit(e)}>
      <input
        aria-label={`New ${props.label} name`}
        placeholder={`New ${props.label}`}
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
      />
      {props.clients && (
        <ClientSelect
          clients={props.clients}
          value={clientId}
          label={`Client of the new ${props.label}`}
          onChange={setClientId}
        />
      )}
      <button type="submit" disabled={name.trim() === ''}>
        Add {props.label}
      </button>
    </form>
  )
}

export function ProjectsSettings() {
  const { loaded, error, projects, clients, load, saveProject, saveClient } = useProjectsStore()
  const [saved, setSaved] = useState<string | null>(null)
  useEffect(() => {
    if (!loaded) void load()
  }, [loaded, load])

  const say = (message: string) => (result: unknown) => {
    if (result) setSaved(message)
    return result
  }

  return (
    <fieldset className="settings__section" data-testid="projects-settings">
      <legend>Projects and clients</legend>
      <p className="muted">Renaming changes the name everywhere, approved time included; nothing is deleted here.</p>
      {error && <p role="alert">{error}</p>}
      {saved && !error && <p role="status">{saved}</p>}
      <h3>Clients</h3>
      {clients.length === 0 && <p className="muted">No clients yet.</p>}
      <ul className="projects-settings__list">
        {clients.map((client) => (
          <ClientRow
            key={client.id}
            client={client}
            onSave={(name) => saveClient({ id: client.id, name }).then(say(`Client renamed to “${name}”.`))}
          />
        ))}
      </ul>
      <AddForm label="client" onAdd={(name) => saveClient({ name }).then(say(`Client “${name}” added.`))} />
      <h3>Projects</h3>
      {projects.length === 0 && <p className="muted">No projects yet.</p>}
      <ul className="projects-settings__list">
        {projects.map((project) => (
          <ProjectRow
            key={project.id}
            project={project}
            clients={clients}
            onSave={(name, clientId) =>
              saveProject({ id: project.id, name, client_id: clientId }).then(say(`Project “${name}” saved.`))
            }
          />
        ))}
      </ul>
      <AddForm
        label="project"
        clients={clients}
        onAdd={(name, clientId) => saveProject({ name, client_id: clientId }).then(say(`Project “${name}” added.`))}
      />
    </fieldset>
  )
}
