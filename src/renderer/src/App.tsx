import { useState } from 'react'
import { StatusBar } from './components/StatusBar'

const views = ['Review', 'Timeline', 'Settings'] as const
type View = (typeof views)[number]

export function App() {
  const [view, setView] = useState<View>('Review')
  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">BillOps Tracker</h1>
        <nav aria-label="Views" className="app__nav">
          {views.map((name) => (
            <button key={name} type="button" aria-current={view === name ? 'page' : undefined} onClick={() => setView(name)}>
              {name}
            </button>
          ))}
        </nav>
      </header>
      <StatusBar />
      <main className="app__main" aria-label={view}>
        <p className="empty">Nothing to review yet. Suggestions appear here as you work.</p>
      </main>
    </div>
  )
}
