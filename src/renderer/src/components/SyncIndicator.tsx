// Sync state in the status bar: last sync, what waits, and why it fails when it does.
import { formatClock } from '../format'
import { useSyncStore } from '../state/syncStore'

export function SyncIndicator() {
  const status = useSyncStore((s) => s.status)
  if (!status) return null
  const { counts, last_result: last } = status
  let text: string
  let problem = false
  if (!status.server_url) text = 'Sync not set up'
  else if (!status.token_set) [text, problem] = ['Sync needs a token (Settings)', true]
  else if (!status.online) text = `Offline · ${counts.pending} queued`
  else if (status.running) text = 'Syncing…'
  else if (last && last.outcome !== 'ok')
    [text, problem] = [
      `Sync ${last.outcome.replace('_', ' ')}: ${last.message ?? 'see entries'} · ${counts.pending} queued`,
      true,
    ]
  else
    text = `${last ? `Synced ${formatClock(last.finished_at)}` : 'Not synced yet'}${counts.pending ? ` · ${counts.pending} queued` : ''}`
  if (counts.failed || counts.conflicted) {
    problem = true
    text += ` · ${counts.failed} failed${counts.conflicted ? `, ${counts.conflicted} conflicted` : ''}`
  }
  return (
    <span className={problem ? 'status__sync status__sync--problem' : 'status__sync'} data-testid="sync-status">
      {text}
    </span>
  )
}
