// The activity types as a select's options, in the app's order and words (Edit dialog, rules).
import { ACTIVITY_TYPES, activityLabel } from '../format'

export function ActivityOptions() {
  return (
    <>
      {ACTIVITY_TYPES.map((a) => (
        <option key={a} value={a}>
          {activityLabel(a)}
        </option>
      ))}
    </>
  )
}
