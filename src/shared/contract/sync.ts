// Sync capability: send approved time to BillOps, show progress and the last result, and set
// the server and token. The token goes in and never comes back out (only `token_set`).
import { z } from 'zod'
import { IsoUtc } from '../domain'
import { defineEvents, defineMethods, NoInput } from './define'

export const SyncOutcome = z.enum([
  /** everything approved has reached BillOps */
  'ok',
  /** some items wait for a retry (network, server busy); they go out on their own */
  'retrying',
  /** some items failed for good; each entry shows the server's message */
  'failed',
  /** the token is missing or was refused: set a new one */
  'auth_required',
  /** no (valid) server URL */
  'not_configured',
  /** the machine is offline; sync resumes on reconnect */
  'offline',
])
export type SyncOutcome = z.infer<typeof SyncOutcome>

export const SyncCounts = z.object({
  /** outbox items that reached BillOps */
  synced: z.number().int().min(0),
  /** items waiting to be sent or retried */
  pending: z.number().int().min(0),
  /** items that failed permanently */
  failed: z.number().int().min(0),
  /** items the user must resolve (the server entry is gone) */
  conflicted: z.number().int().min(0),
})
export type SyncCounts = z.infer<typeof SyncCounts>

export const SyncResult = z.object({
  outcome: SyncOutcome,
  message: z.string().nullable(),
  started_at: IsoUtc,
  finished_at: IsoUtc,
  /** items completed during this run */
  sent: z.number().int().min(0),
  /** server pending-review entries added to the review queue during this run */
  imported: z.number().int().min(0),
  counts: SyncCounts,
})
export type SyncResult = z.infer<typeof SyncResult>

export const SyncProgress = z.object({
  phase: z.enum(['sending', 'importing']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
})
export type SyncProgress = z.infer<typeof SyncProgress>

export const SecretBackend = z.enum(['os_encrypted', 'plaintext_fallback', 'environment', 'memory'])

export const SyncStatus = z.object({
  server_url: z.string().nullable(),
  token_set: z.boolean(),
  secret_backend: SecretBackend,
  /** shown when the token cannot be stored encrypted (Linux without a keyring) */
  secret_warning: z.string().nullable(),
  online: z.boolean(),
  running: z.boolean(),
  next_run_at: IsoUtc.nullable(),
  last_result: SyncResult.nullable(),
  counts: SyncCounts,
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const SetTokenRequest = z.object({ token: z.string().trim().min(1).max(4096) })
export const SetServerRequest = z.object({ server_url: z.string().trim().min(1).max(2048) })

export const syncMethods = defineMethods({
  'sync.now': {
    input: NoInput,
    output: SyncResult,
    summary: 'Send approved entries and decisions now; import server suggestions',
  },
  'sync.getStatus': {
    input: NoInput,
    output: SyncStatus,
    summary: 'Server, token presence, online state, counts and last result',
  },
  'sync.setToken': {
    input: SetTokenRequest,
    output: SyncStatus,
    summary: 'Store the BillOps token (encrypted where the OS allows)',
  },
  'sync.clearToken': { input: NoInput, output: SyncStatus, summary: 'Forget the BillOps token' },
  'sync.retryFailed': {
    input: NoInput,
    output: SyncStatus,
    summary: 'Queue failed items again (after fixing the cause) and sync',
  },
  'sync.setServer': {
    input: SetServerRequest,
    output: SyncStatus,
    summary: 'Set the BillOps server (https, or http for localhost)',
  },
})

export const syncEvents = defineEvents({
  'sync.progress': SyncProgress,
  'sync.result': SyncResult,
  'sync.status': SyncStatus,
})
