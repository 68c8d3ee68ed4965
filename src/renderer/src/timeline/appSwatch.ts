// How an app is drawn in the activity lane: a colour that stays the same every day, and a
// pattern that differs between the apps of the day, so apps can be told apart without seeing
// colour (the legend names each one).
import type { CSSProperties } from 'react'
import type { ActivitySpan } from '../../../shared/contract/entries'

/** A stable colour per app, so the same app looks the same every day. */
export function appHue(app: string): number {
  let hash = 0
  for (const ch of app) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return hash % 360
}

const INK = 'rgb(0 0 0 / 0.45)'
// No 45° stripes: those mean "away" in the same lane.
export const APP_PATTERNS: readonly string[] = [
  'none',
  `repeating-linear-gradient(90deg, ${INK} 0 2px, transparent 2px 6px)`,
  `repeating-linear-gradient(-45deg, ${INK} 0 2px, transparent 2px 7px)`,
  `radial-gradient(${INK} 1.5px, transparent 2px) 0 0 / 6px 6px`,
  `repeating-linear-gradient(0deg, ${INK} 0 2px, transparent 2px 6px)`,
  `repeating-linear-gradient(45deg, ${INK} 0 1px, transparent 1px 5px), repeating-linear-gradient(-45deg, ${INK} 0 1px, transparent 1px 5px)`,
]

export interface AppSwatch {
  app: string
  minutes: number
  style: CSSProperties
}

/** One swatch per app active on the day, by name; the nth app gets the nth pattern. */
export function appSwatches(activity: readonly ActivitySpan[]): Map<string, AppSwatch> {
  const minutes = new Map<string, number>()
  for (const span of activity) {
    if (span.kind !== 'active' || !span.app) continue
    minutes.set(
      span.app,
      (minutes.get(span.app) ?? 0) + (Date.parse(span.ended_at) - Date.parse(span.started_at)) / 60_000,
    )
  }
  const apps = [...minutes.keys()].sort()
  return new Map(
    apps.map((app, i) => [
      app,
      {
        app,
        minutes: Math.round(minutes.get(app)!),
        style: { background: `${APP_PATTERNS[i % APP_PATTERNS.length]}, hsl(${appHue(app)} 55% 55%)` },
      },
    ]),
  )
}
