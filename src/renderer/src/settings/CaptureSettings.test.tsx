// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { backendReason } from '../../../shared/captureHealth'
import { StatusBar } from '../components/StatusBar'
import { useAppStore } from '../state/appStore'
import { CaptureSettings } from './CaptureSettings'

afterEach(cleanup)

const needsLogin = backendReason(
  'GNOME Shell',
  'needs a new login',
  'the BillOps extension is installed, but GNOME Shell has not loaded it; it loads at the next login',
)

describe('capture health on a Wayland desktop', () => {
  it('names the backend, its state and what is missing in Settings and the status bar', () => {
    useAppStore.setState({
      error: null,
      status: {
        version: '1',
        tracking: { mode: 'active', paused_until: null },
        pending_count: 0,
        capture_health: [
          { source: 'input', state: 'ok', reason: null },
          { source: 'window', state: 'off', reason: `${needsLogin}; retrying in 60 s` },
        ],
      },
    })
    render(<CaptureSettings />)
    const settings = screen.getByTestId('capture-health').textContent
    expect(settings).toContain('Activity: ok')
    expect(settings).toContain('Front window: GNOME Shell needs a new login')
    expect(settings).toContain('it loads at the next login')
    expect(settings).toContain('capture is idle only until then')
    cleanup()
    render(<StatusBar />)
    expect(screen.getByTestId('app-status').textContent).toContain('Capture: GNOME Shell needs a new login')
  })
})
