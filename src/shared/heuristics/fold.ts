// Over 350 lines on purpose: one class whose three stages share one open state on the hot path.
// The engine proper: a left fold over signals in time order. Idle detection → classification →
// segmentation → merging happen in one pass through three small stages, each holding at most
// one open unit, so that
//   - a batch of a million signals is one linear pass with no per-signal allocation, and
//   - the worker can keep the fold and push new signals as they arrive: entries already closed
//     never change, and a preview of the open tail costs O(apps), not O(signals of the day).
// Rules: input (keyboard, mouse, focus) is activity in its app. Whether a stretch between two
// inputs keeps the activity going is the presence model's call (src/shared/presence.ts: the idle
// threshold, or the meeting idle threshold with a meeting app in front or inside an attended
// calendar meeting); a lock/suspend/shutdown signal or input in an excluded app ends activity at
// the last input before it. Idle markers (idle_start/idle_end) are facts that decide nothing:
// capture's markers never split an entry. Time between inputs belongs to the earlier input's app. A context
// (classification, with glances under GLANCE_MS at other apps inside it) must last
// MIN_SEGMENT_MS to start a segment; a run of short contexts alternating between activity types
// is a mixed stretch, one entry of its own (#12, below); segments with the same classification
// merge across idle gaps ≤ max merge unless a break lies between.
import { Classifier, normalizeAppName, type Classification } from './classify'
import { MatterRecognizer } from '../matters/recognize'
import { describeSpan, LearnedIndex, type Names } from './describe'
import { KIND_BY_CODE, SignalKind } from './signalTable'
import { Span, TITLE_KEY_FACTOR } from './span'
import type { EngineConfig, SuggestedEntry, VerificationItem } from './types'
import { Interner } from './interner'
import { PresenceRules, type Interval } from '../presence'

// Module-local copies of imported constants read once per signal (under tsx every imported
// binding read is a getter call).
const KIND = KIND_BY_CODE
const NEUTRAL: number = SignalKind.Neutral
const BREAK: number = SignalKind.Break

/** A context (app classification) has to last this long to start its own segment; shorter
 * switches (a glance at mail while coding) stay inside the surrounding segment as evidence. */
export const MIN_SEGMENT_MS = 2 * 60_000

/*
 * Mixed stretches (#12). A context is a classification's blocks plus glances under GLANCE_MS at
 * other apps between them (segmentStage). "Rapid alternation" is a maximal sequence of
 * consecutive short contexts (each < MIN_SEGMENT_MS, the length a context needs to become its own
 * entry) inside one run of activity (no idle gap over the threshold, no break) that
 *   - changes activity type at least MIXED_MIN_TYPE_SWITCHES times (4: five or more contexts
 *     alternating between ≥ 2 types; two or three switches are a glance or a look-up),
 *   - lasts at least MIXED_MIN_SPAN_MS (5 min: shorter bursts stay evidence inside the
 *     surrounding entry instead of cutting it into slivers), and
 *   - has no activity type covering MIXED_MAX_DOMINANT_SHARE (75 %) or more of it (coding with
 *     quick look-ups in the browser is coding, not mixed work).
 * Such a stretch becomes ONE entry of its own, never merged with single-context neighbours (the
 * old behaviour folded it into whichever long context came first, or cut it at a context that
 * happened to reach 2 min, and named it after that app). Two mixed stretches merge across an
 * idle gap ≤ max merge like any same-activity neighbours. Switching between apps of the SAME
 * activity type (two chat apps) never forms a context change at all (contexts are
 * classifications, not apps), so it stays one confident entry of that type.
 * The entry's activity_type is the dominant type by time (not `mixed`): learned hints and rules
 * are keyed by activity type, so the entry keeps the dominant context's rule-based project, and
 * approving it teaches a hint for a real type; `primary_activity: 'mixed'`, the shares and a
 * verification item tell the reviewer it is mixed (describe.ts).
 */
export const MIXED_MIN_TYPE_SWITCHES = 4
/** A block this short inside a context (a look at chat or mail) does not end the context. */
export const GLANCE_MS = 20_000
/** A context is long only if its own classification fills this share of it: flicking between two
 * apps every few seconds is alternation, not one context with glances. */
export const CONTEXT_MIN_OWN_SHARE = 2 / 3
export const MIXED_MIN_SPAN_MS = 5 * 60_000
export const MIXED_MAX_DOMINANT_SHARE = 0.75

export interface Finished {
  entry: SuggestedEntry
  verification: VerificationItem | null
  startMs: number
  endMs: number
}

interface OpenState {
  inRun: boolean
  lastInputTs: number
  lastApp: number
  lastTitle: number
  /** a break (lock, suspend, idle, shutdown, excluded app) since the last input */
  breakSeen: boolean
  block: Span | null
  blockKey: number
  /** run-length group of consecutive signals with the same app and title inside the block */
  groupApp: number
  groupTitle: number
  groupMs: number
  seg: Span | null
  /** -1 while the segment holds only short blocks (its key is decided later) */
  segKey: number
  entry: Span | null
  entryKey: number
  /** the open entry is a mixed stretch (its key is decided when it is emitted) */
  entryMixed: boolean
  /** consecutive short contexts not yet judged: a mixed stretch, or evidence inside a segment */
  pending: Span | null
  pendingTypeSwitches: number
  pendingLastType: string
  /** the open context: blocks of `effKey` with the glances between them */
  eff: Span | null
  effKey: number
  /** time of the `effKey` blocks in `eff` (without its glances) */
  effKeyMs: number
  effTypeSwitches: number
  effLastType: string
  /** glances since the last `effKey` block: they join `eff` when it resumes or ends */
  glance: Span | null
}

const emptyState = (): OpenState => ({
  inRun: false,
  lastInputTs: 0,
  lastApp: -1,
  lastTitle: -1,
  breakSeen: false,
  block: null,
  blockKey: -1,
  groupApp: -1,
  groupTitle: -1,
  groupMs: 0,
  seg: null,
  segKey: -1,
  entry: null,
  entryKey: -1,
  entryMixed: false,
  pending: null,
  pendingTypeSwitches: 0,
  pendingLastType: '',
  eff: null,
  effKey: -1,
  effKeyMs: 0,
  effTypeSwitches: 0,
  effLastType: '',
  glance: null,
})

export class SuggestionFold {
  private readonly classifier: Classifier
  private readonly learned: LearnedIndex
  private readonly matters: MatterRecognizer | null
  private readonly names: Names
  private readonly apps: string[] = []
  private readonly appIndex = new Map<string, number>()
  private readonly appIsMeeting: boolean[] = []
  private readonly appIsExcluded: boolean[] = []
  private readonly titleIds = new Interner()
  private readonly titles = this.titleIds.values
  private readonly classCache = new Map<number, Classification>()
  private readonly presence: PresenceRules
  private readonly excluded: Set<string>
  private lastClassifiedApp = -1
  private lastClassifiedTitle = -2
  private lastClassification: Classification | null = null
  private state: OpenState = emptyState()
  private closed: Finished[] = []
  /** time of the latest signal pushed (any kind): later pushes must not be older */
  lastSignalTs = Number.NEGATIVE_INFINITY

  constructor(readonly config: EngineConfig) {
    this.classifier = new Classifier({ rules: config.rules, meetingApps: config.meetingApps, aliases: config.aliases })
    this.learned = new LearnedIndex(config.learned)
    this.matters = config.matters?.length
      ? new MatterRecognizer(
          config.matters,
          config.matterNumberPattern === undefined ? {} : { numberPattern: config.matterNumberPattern },
        )
      : null
    this.excluded = new Set(config.excludedApps.map(normalizeAppName))
    const classifier = this.classifier
    this.presence = new PresenceRules(
      config.idleThresholdMs,
      config.meetingIdleThresholdMs,
      classifier.isMeetingApp,
      config.attendedMeetings,
    )
    this.names = {
      apps: this.apps,
      titles: this.titles,
      keyInfo: classifier.keyInfo,
      activityTypeOfApp: (app) => classifier.defaultActivityType(this.apps[app] ?? ''),
    }
  }

  /** Calendar meetings the user attends became known for later signals (the worker's append). */
  addAttendedMeetings(meetings: readonly Interval[]): void {
    this.presence.addMeetings(meetings)
  }

  get brokenRules(): readonly string[] {
    return this.classifier.brokenRules
  }

  internApp(name: string): number {
    let index = this.appIndex.get(name)
    if (index === undefined) {
      index = this.apps.length
      this.apps.push(name)
      this.appIndex.set(name, index)
      this.appIsMeeting.push(this.classifier.isMeetingApp(name))
      this.appIsExcluded.push(this.excluded.has(normalizeAppName(this.classifier.canonicalApp(name))))
    }
    return index
  }

  internTitle(title: string): number {
    return this.titleIds.intern(title)
  }

  /** One signal, in time order; `app`/`title` are this fold's interned ids (title -1: none). */
  push(ts: number, app: number, typeCode: number, title: number): void {
    this.lastSignalTs = ts
    const s = this.state
    const kind = KIND[typeCode]
    if (kind === NEUTRAL) return
    if (kind === BREAK || this.appIsExcluded[app]) {
      if (s.inRun) this.endRun()
      s.breakSeen = true
      return
    }
    const classification = this.classify(app, title)
    if (s.inRun) {
      const gap = ts - s.lastInputTs
      if (
        s.breakSeen ||
        (gap > this.config.idleThresholdMs &&
          !this.presence.keepsActivity(s.lastInputTs, ts, this.appIsMeeting[s.lastApp] === true))
      ) {
        this.endRun()
      } else {
        s.groupMs += gap
        if (classification.key !== s.blockKey) {
          this.closeBlock(ts)
          this.openBlock(ts, classification.key, false)
        }
      }
    }
    if (!s.inRun) {
      this.openBlock(ts, classification.key, s.breakSeen)
      s.inRun = true
    }
    s.breakSeen = false
    const block = s.block as Span
    block.signals++
    if (app !== s.groupApp || title !== s.groupTitle) {
      this.flushGroup()
      s.groupApp = app
      s.groupTitle = title
    }
    s.lastInputTs = ts
    s.lastApp = app
    s.lastTitle = title
  }

  /** Entries closed so far (final: later signals cannot change them); the list is handed over. */
  takeClosed(): Finished[] {
    const closed = this.closed
    this.closed = []
    return closed
  }

  /** What the open tail would become if no further signal came; the fold itself is unchanged. */
  previewOpen(): Finished[] {
    const saved = this.state
    const savedClosed = this.closed
    this.state = {
      ...saved,
      block: saved.block?.clone() ?? null,
      seg: saved.seg?.clone() ?? null,
      entry: saved.entry?.clone() ?? null,
      pending: saved.pending?.clone() ?? null,
      eff: saved.eff?.clone() ?? null,
      glance: saved.glance?.clone() ?? null,
    }
    this.closed = []
    this.finishOpen()
    const preview = this.closed
    this.state = saved
    this.closed = savedClosed
    return preview
  }

  /** End of input: closes everything (batch use). */
  finish(): Finished[] {
    this.finishOpen()
    return this.takeClosed()
  }

  private finishOpen(): void {
    const s = this.state
    if (s.inRun) this.endRun()
    if (s.entry) this.emitEntry(s.entry, s.entryKey, s.entryMixed)
    s.entry = null
  }

  private classify(app: number, title: number): Classification {
    // Consecutive signals nearly always share app and title: skip the map then.
    if (app === this.lastClassifiedApp && title === this.lastClassifiedTitle)
      return this.lastClassification as Classification
    this.lastClassifiedApp = app
    this.lastClassifiedTitle = title
    this.lastClassification = this.lookupClassification(app, title)
    return this.lastClassification
  }

  private lookupClassification(app: number, title: number): Classification {
    const cacheKey = app * TITLE_KEY_FACTOR + (title + 1)
    let classification = this.classCache.get(cacheKey)
    if (classification === undefined) {
      classification = this.classifier.classify(this.apps[app] ?? '', title >= 0 ? (this.titles[title] ?? null) : null)
      this.classCache.set(cacheKey, classification)
    }
    return classification
  }

  private openBlock(ts: number, key: number, precededByBreak: boolean): void {
    const s = this.state
    const block = new Span(ts)
    block.precededByBreak = precededByBreak
    s.block = block
    s.blockKey = key
    s.groupApp = -1
    s.groupTitle = -1
    s.groupMs = 0
  }

  private flushGroup(): void {
    const s = this.state
    const block = s.block
    if (!block || s.groupApp < 0) return
    block.appMs.set(s.groupApp, (block.appMs.get(s.groupApp) ?? 0) + s.groupMs)
    if (s.groupTitle >= 0) {
      const titleKey = s.groupApp * TITLE_KEY_FACTOR + s.groupTitle
      block.titleMs.set(titleKey, (block.titleMs.get(titleKey) ?? 0) + s.groupMs)
    }
    s.groupMs = 0
  }

  private closeBlock(endTs: number): void {
    const s = this.state
    const block = s.block as Span
    this.flushGroup()
    s.groupApp = -1
    block.end = endTs
    block.activeMs = endTs - block.start
    block.keyMs.set(s.blockKey, block.activeMs)
    s.block = null
    this.segmentStage(block, s.blockKey)
  }

  private endRun(): void {
    const s = this.state
    this.closeBlock(s.lastInputTs)
    this.closeContext()
    this.settlePending()
    if (s.seg) this.mergeStage(s.seg, s.segKey >= 0 ? s.segKey : dominantKey(s.seg), false)
    s.seg = null
    s.segKey = -1
    s.inRun = false
  }

  /**
   * Blocks → contexts. A context is the blocks of one classification plus the glances (blocks
   * under GLANCE_MS of another one) between them, so a glance at chat every minute does not chop
   * an hour of coding into short contexts. A context lasting MIN_SEGMENT_MS (its own blocks, and
   * at least CONTEXT_MIN_OWN_SHARE of its time) is a segment of its own; shorter ones wait in
   * `pending` to be judged together (a mixed stretch, or evidence inside a segment).
   */
  private segmentStage(block: Span, key: number): void {
    const s = this.state
    const type = this.typeOfKey(key)
    if (s.eff && key === s.effKey) {
      if (s.glance) {
        s.eff.absorb(s.glance)
        s.glance = null
      }
      s.eff.absorb(block)
      s.effKeyMs += block.activeMs
    } else if (s.eff && block.activeMs < GLANCE_MS) {
      if (s.glance) s.glance.absorb(block)
      else s.glance = block
    } else {
      this.closeContext()
      s.eff = block
      s.effKey = key
      s.effKeyMs = block.activeMs
      s.effTypeSwitches = 0
      s.effLastType = type
      return
    }
    if (type !== s.effLastType) s.effTypeSwitches++
    s.effLastType = type
  }

  private typeOfKey(key: number): string {
    return this.names.keyInfo[key]?.activityType ?? 'other'
  }

  private closeContext(): void {
    const s = this.state
    const eff = s.eff
    if (!eff) return
    if (s.glance) {
      // glances before a switch stay with the context they interrupted
      eff.absorb(s.glance)
      s.glance = null
    }
    s.eff = null
    const key = s.effKey
    if (s.effKeyMs >= MIN_SEGMENT_MS && s.effKeyMs >= CONTEXT_MIN_OWN_SHARE * eff.activeMs) {
      this.settlePending()
      this.longContext(eff, key)
      return
    }
    const firstType = this.typeOfKey(key)
    if (!s.pending) {
      s.pending = eff
      s.pendingTypeSwitches = s.effTypeSwitches
    } else {
      s.pending.absorb(eff)
      s.pendingTypeSwitches += s.effTypeSwitches + (firstType !== s.pendingLastType ? 1 : 0)
    }
    s.pendingLastType = s.effLastType
  }

  /** A context long enough to be a segment (the pre-#12 rule for a long block). */
  private longContext(context: Span, key: number): void {
    const s = this.state
    if (!s.seg) {
      s.seg = context
      s.segKey = key
    } else if (s.segKey < 0 || s.segKey === key) {
      s.seg.absorb(context)
      s.segKey = key
    } else {
      this.mergeStage(s.seg, s.segKey, false)
      s.seg = context
      s.segKey = key
    }
  }

  /** The sequence of short contexts ended (a long context follows, or the run ended). */
  private settlePending(): void {
    const s = this.state
    const pending = s.pending
    if (!pending) return
    s.pending = null
    if (this.isMixedStretch(pending, s.pendingTypeSwitches)) {
      if (s.seg) this.mergeStage(s.seg, s.segKey >= 0 ? s.segKey : dominantKey(s.seg), false)
      s.seg = null
      s.segKey = -1
      this.mergeStage(pending, -1, true)
    } else if (!s.seg) {
      // As before #12: short contexts are evidence of the segment they lie in.
      s.seg = pending
      s.segKey = -1
    } else {
      s.seg.absorb(pending)
    }
  }

  private isMixedStretch(span: Span, typeSwitches: number): boolean {
    if (typeSwitches < MIXED_MIN_TYPE_SWITCHES || span.end - span.start < MIXED_MIN_SPAN_MS || span.activeMs <= 0)
      return false
    const typeMs = new Map<string, number>()
    for (const [key, ms] of span.keyMs) {
      const type = this.typeOfKey(key)
      typeMs.set(type, (typeMs.get(type) ?? 0) + ms)
    }
    let dominant = 0
    for (const ms of typeMs.values()) dominant = Math.max(dominant, ms)
    return typeMs.size >= 2 && dominant < MIXED_MAX_DOMINANT_SHARE * span.activeMs
  }

  private mergeStage(seg: Span, key: number, mixed: boolean): void {
    const s = this.state
    const entry = s.entry
    // A mixed stretch merges only with a mixed stretch (whatever their dominant contexts), a
    // single-context segment only with one of the same classification.
    const sameKind = mixed ? s.entryMixed : !s.entryMixed && s.entryKey === key
    if (entry && sameKind && !seg.precededByBreak && seg.start - entry.end <= this.config.maxMergeMs) {
      const gap = seg.start - entry.end
      entry.idleMergedMs += gap
      entry.longestMergedGapMs = Math.max(entry.longestMergedGapMs, gap)
      entry.absorb(seg)
      return
    }
    if (entry) this.emitEntry(entry, s.entryKey, s.entryMixed)
    s.entry = seg
    s.entryKey = key
    s.entryMixed = mixed
  }

  private emitEntry(entry: Span, key: number, mixed: boolean): void {
    if (entry.end - entry.start < this.config.minEntryMs) return
    const described = describeSpan(
      entry,
      mixed ? dominantKey(entry) : key,
      this.names,
      this.config,
      this.learned,
      mixed,
      this.matters,
    )
    this.closed.push({ ...described, startMs: entry.start, endMs: entry.end })
  }
}

function dominantKey(span: Span): number {
  let best = -1
  let bestMs = -1
  for (const [key, ms] of span.keyMs) {
    if (ms > bestMs || (ms === bestMs && key < best)) {
      best = key
      bestMs = ms
    }
  }
  return best
}
