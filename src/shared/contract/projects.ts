// Local projects and clients for the quick pick. Ids are what entries carry in project_id /
// client_id; a name typed into an empty list becomes a project on the spot.
import { z } from 'zod'
import { defineMethods, NoInput } from './define'

export const Client = z.object({ id: z.string().min(1), name: z.string().min(1) })
export type Client = z.infer<typeof Client>

export const Project = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  client_id: z.string().nullable(),
})
export type Project = z.infer<typeof Project>

export const ProjectList = z.object({ projects: z.array(Project), clients: z.array(Client) })
export type ProjectList = z.infer<typeof ProjectList>

export const SaveProject = z.object({
  /** omitted: a new project, id derived from the name */
  id: z.string().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200),
  client_id: z.string().min(1).max(200).nullable().default(null),
})
export const SaveClient = z.object({
  id: z.string().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200),
})

export const projectMethods = defineMethods({
  'projects.list': { input: NoInput, output: ProjectList, summary: 'Local projects and clients' },
  'projects.save': { input: SaveProject, output: Project, summary: 'Create or rename a project' },
  'clients.save': { input: SaveClient, output: Client, summary: 'Create or rename a client' },
})
