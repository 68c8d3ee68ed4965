// Local projects and clients for the quick pick.
import type { Client, Project, ProjectList } from '../../shared/contract/projects'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

/** A readable, stable id from a name ("Acme Corp" → "acme-corp"), unique within the table. */
function idFromName(db: ReadableDB, table: 'projects' | 'clients', name: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'item'
  const exists = prepared<[string], { id: string }>(db, `SELECT id FROM ${table} WHERE id = ?`)
  let id = base
  for (let n = 2; exists.get(id); n++) id = `${base}-${n}`
  return id
}

/** Every project and client, by name. */
export function listProjects(db: ReadableDB): ProjectList {
  return {
    projects: prepared<[], Project>(db, 'SELECT id, name, client_id FROM projects ORDER BY name COLLATE NOCASE').all(),
    clients: prepared<[], Client>(db, 'SELECT id, name FROM clients ORDER BY name COLLATE NOCASE').all(),
  }
}

export function createProjectRepository(db: WritableDB) {
  return {
    list: (): ProjectList => listProjects(db),
    saveClient(input: { id?: string; name: string }): Client {
      const client = { id: input.id ?? idFromName(db, 'clients', input.name), name: input.name }
      prepared(
        db,
        'INSERT INTO clients (id, name) VALUES (@id, @name) ON CONFLICT(id) DO UPDATE SET name = excluded.name',
      ).run(client)
      return client
    },
    saveProject(input: { id?: string; name: string; client_id: string | null }): Project {
      return db.transaction(() => {
        // A client id nobody created yet (typed freely) becomes a client named like the id.
        if (input.client_id) {
          prepared(db, 'INSERT INTO clients (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING').run(
            input.client_id,
            input.client_id,
          )
        }
        const project = {
          id: input.id ?? idFromName(db, 'projects', input.name),
          name: input.name,
          client_id: input.client_id,
        }
        prepared(
          db,
          'INSERT INTO projects (id, name, client_id) VALUES (@id, @name, @client_id) ON CONFLICT(id) DO UPDATE SET name = excluded.name, client_id = excluded.client_id',
        ).run(project)
        return project
      })()
    },
  }
}
