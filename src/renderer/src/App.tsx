import { lazy, Suspense, useState } from 'react'
import { AwayPrompt } from './review/AwayPrompt'
import { StatusBar } from './components/StatusBar'
import { ReviewView } from './review/ReviewView'
import { useAppStore } from './state/appStore'
import { useLiveQueue } from './state/useLiveQueue'

// Every view but the queue is its own chunk, loaded when first opened: the review window starts
// with the queue alone (Reports brings visx and the aggregation, Settings the import and matter forms).
const ReportsView = lazy(() => import('./report/ReportsView').then((module) => ({ default: module.ReportsView })))
const TimelineView = lazy(() => import('./timeline/TimelineView').then((module) => ({ default: module.TimelineView })))
const SettingsView = lazy(() => import('./settings/SettingsView').then((module) => ({ default: module.SettingsView })))

const views = ['Review', 'Timeline', 'Reports', 'Settings'] as const
type View = (typeof views)[number]

export function App() {
  const [view, setView] = useState<View>('Review')
  // Reports → "Show in timeline" opens the timeline on that day.
  const [timelineDay, setTimelineDay] = useState<string | undefined>(undefined)
  const connected = useAppStore((s) => s.api !== null)
  useLiveQueue()
  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">BillOps Tracker</h1>
        <nav aria-label="Views" className="app__nav">
          {views.map((name) => (
            <button
              key={name}
              type="button"
              aria-current={view === name ? 'page' : undefined}
              onClick={() => (setTimelineDay(undefined), setView(name))}
            >
              {name}
            </button>
          ))}
        </nav>
      </header>
      <StatusBar />
      <main className={`app__main app__main--${view.toLowerCase()}`} aria-label={view}>
        {!connected ? (
          <p className="empty">Not connected to the app.</p>
        ) : view === 'Review' ? (
          <ReviewView />
        ) : (
          <Suspense fallback={<p className="empty">Loading {view.toLowerCase()}…</p>}>
            {view === 'Timeline' ? (
              <TimelineView key={timelineDay} initialDay={timelineDay} onShowInQueue={() => setView('Review')} />
            ) : view === 'Reports' ? (
              <ReportsView onOpenTimeline={(day) => (setTimelineDay(day), setView('Timeline'))} />
            ) : (
              <SettingsView />
            )}
          </Suspense>
        )}
      </main>
      {connected && <AwayPrompt />}
    </div>
  )
}
