// A legend for anything drawn in colour (timeline lanes, charts): each item shows its swatch
// and says in words what it stands for, so nothing is told by colour alone. Swatches are drawn
// with a class (fixed kinds) or a style (per-app colour and pattern, see timeline/appSwatch.ts).
import type { CSSProperties } from 'react'

export interface LegendItem {
  key: string
  label: string
  swatchClass?: string
  swatchStyle?: CSSProperties
}

export function Legend({ label, items, testId }: { label: string; items: readonly LegendItem[]; testId?: string }) {
  if (items.length === 0) return null
  return (
    <ul className="legend" aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className="legend__item">
          <span className={`legend__swatch ${item.swatchClass ?? ''}`} style={item.swatchStyle} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  )
}
