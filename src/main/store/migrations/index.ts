// One migration per file, applied in order inside one transaction each (Signal Desktop's habit).
// Never edit a migration that has shipped: add the next number instead.
import type { Database } from 'better-sqlite3'
import { migration0001Init } from './0001-init'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const migrations: readonly Migration[] = [migration0001Init]
