// Contract handlers of the review capability (review.*, away.*, timeline.*, projects.*, clients.*).
import type { Settings } from '../../shared/domain'
import type { Handlers } from './dispatcher'
import type { Clock } from '../base/clock'
import type { WritableDB } from '../store/database'
import { createAwayService } from '../review/awayService'
import { createProjectRepository } from '../store/projects'
import { createReviewService, type EntryDecisions, type ReviewServiceOptions } from '../review/reviewService'
import { createTimelineService } from '../review/timelineService'

type ReviewMethods =
  | 'review.listPending'
  | 'review.getEntries'
  | 'review.approve'
  | 'review.reject'
  | 'review.update'
  | 'review.split'
  | 'review.merge'
  | 'review.undo'
  | 'away.next'
  | 'away.decide'
  | 'timeline.day'
  | 'projects.list'
  | 'projects.save'
  | 'clients.save'

export interface ReviewDeps {
  db: WritableDB
  clock: Clock
  settings: { get(): Settings }
  decisions: EntryDecisions
  /** the pending count changed: the status bar and tray must hear it */
  notifyStatus(): void
  billingOf?: ReviewServiceOptions['billingOf']
}

export function createReviewHandlers(deps: ReviewDeps): Pick<Handlers, ReviewMethods> {
  const settings = () => deps.settings.get()
  const review = createReviewService({
    db: deps.db,
    clock: deps.clock,
    settings,
    decisions: deps.decisions,
    ...(deps.billingOf ? { billingOf: deps.billingOf } : {}),
  })
  const away = createAwayService(deps.db, deps.clock, settings, review)
  const timeline = createTimelineService(deps.db, settings, review)
  const projects = createProjectRepository(deps.db)
  const thenNotify = <T>(result: T): T => {
    deps.notifyStatus()
    return result
  }
  return {
    'review.listPending': ({ after, limit }) => review.listPending(after, limit),
    'review.getEntries': ({ ids }) => ({ entries: review.reviewEntries(ids) }),
    'review.approve': ({ ids }) => thenNotify(review.approve(ids)),
    'review.reject': ({ ids }) => thenNotify(review.reject(ids)),
    'review.update': ({ id, changes }) => review.update(id, changes),
    'review.split': ({ id, at }) => thenNotify(review.split(id, at)),
    'review.merge': ({ ids }) => thenNotify(review.merge(ids)),
    'review.undo': () => thenNotify(review.undo()),
    'away.next': () => away.next(),
    'away.decide': (decision) => thenNotify(away.decide(decision)),
    'timeline.day': ({ from, to }) => timeline.day(from, to),
    'projects.list': () => projects.list(),
    'projects.save': (input) => projects.saveProject(input),
    'clients.save': (input) => projects.saveClient(input),
  }
}
