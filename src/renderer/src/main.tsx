import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { connectApi } from './api/bridge'
import { useAppStore } from './state/appStore'
import './styles.css'

void useAppStore.getState().connect(connectApi())

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
