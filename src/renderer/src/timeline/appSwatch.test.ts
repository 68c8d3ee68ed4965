import { describe, expect, it } from 'vitest'
import type { ActivitySpan } from '../../../shared/contract/entries'
import { APP_PATTERNS, appSwatches } from './appSwatch'

const active = (app: string, from: string, to: string): ActivitySpan => ({
  kind: 'active',
  app,
  started_at: `2026-03-02T${from}:00Z`,
  ended_at: `2026-03-02T${to}:00Z`,
  events: 10,
})

describe('appSwatches', () => {
  it('gives each app of the day its own pattern, keeps its colour from day to day, and sums its minutes', () => {
    const day = [
      active('word', '11:00', '12:00'),
      active('vscode', '09:00', '09:44'),
      active('slack', '10:08', '10:30'),
      active('vscode', '12:00', '12:10'),
    ]
    const swatches = appSwatches([
      ...day,
      { kind: 'away', app: null, started_at: '2026-03-02T10:30:00Z', ended_at: '2026-03-02T11:00:00Z', events: 0 },
    ])
    expect([...swatches.keys()]).toEqual(['slack', 'vscode', 'word'])
    expect(swatches.get('vscode')!.minutes).toBe(54)
    const backgrounds = [...swatches.values()].map((s) => String(s.style.background))
    const patterns = backgrounds.map((b) => APP_PATTERNS.find((p) => b.startsWith(`${p},`)))
    expect(new Set(patterns).size).toBe(3)
    // same colour on another day with other apps around it
    const other = appSwatches([active('chrome', '09:00', '09:10'), active('vscode', '10:00', '10:10')])
    const colour = (b: string) => b.slice(b.lastIndexOf('hsl('))
    expect(colour(String(other.get('vscode')!.style.background))).toBe(
      colour(String(swatches.get('vscode')!.style.background)),
    )
  })
})
