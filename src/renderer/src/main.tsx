import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { connectApi } from './api/bridge'
import { useAppStore } from './state/appStore'
import { useReviewStore } from './state/reviewStore'
import './styles.css'

void useAppStore.getState().connect(connectApi())
// The queue is what the window is opened for: ask for its first rows before React even mounts.
if (useAppStore.getState().api) void useReviewStore.getState().load()

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
