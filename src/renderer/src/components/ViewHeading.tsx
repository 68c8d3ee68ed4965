// Heading structure of every view: the app's name is the one h1, each view starts with one h2
// (this), its sections are h3, and dialogs are h2 of their own (Dialog). A view whose title
// would only repeat the selected nav item keeps the heading for screen readers only.
import type { ReactNode } from 'react'

export function ViewHeading({
  children,
  id,
  visuallyHidden = false,
}: {
  children: ReactNode
  id?: string
  visuallyHidden?: boolean
}) {
  return (
    <h2 id={id} className={visuallyHidden ? 'visually-hidden' : 'view-heading'}>
      {children}
    </h2>
  )
}
