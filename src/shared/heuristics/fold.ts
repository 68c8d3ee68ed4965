// The engine proper: a left fold over signals in time order. Idle detection → classification →
// segmentation → merging happen in one pass through three small stages, each holding at most
// one open unit, so that
//   - a batch of a million signals is one linear pass with no per-signal allocation, and
//   - the worker can keep the fold and push new signals as they arrive: entries already closed
//     never change, and a preview of the open tail costs O(apps), not O(signals of the day).
// Rules: input (keyboard, mouse, focus) is activity in its app. A gap between two inputs longer
// than the idle threshold (the meeting threshold after a meeting app's input) is idle as a
// whole; a lock/suspend/shutdown/idle_start signal or input in an excluded app ends activity at
// the last input before it. Time between inputs belongs to the earlier input's app. A context
// (classification) must last MIN_SEGMENT_MS to start a segment; segments with the same
// classification merge across idle gaps ≤ max merge unless a break lies between.
import { Classifier, normalizeAppName, type Classification } from './classify'
import { describeSpan, LearnedIndex, type Names } from './describe'
import { KIND_BY_CODE, SignalKind } from './signalTable'
import { Span, TITLE_KEY_FACTOR } from './span'
import type { EngineConfig, SuggestedEntry, VerificationItem } from './types'
import { Interner } from './interner'

// Module-local copies of imported constants read once per signal (under tsx every imported
// binding read is a getter call).
const KIND = KIND_BY_CODE
const NEUTRAL: number = SignalKind.Neutral
const BREAK: number = SignalKind.Break

/** A context (app classification) has to last this long to start its own segment; shorter
 * switches (a glance at mail while coding) stay inside the surrounding segment as evidence. */
export const MIN_SEGMENT_MS = 2 * 60_000

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
})

export class SuggestionFold {
  private readonly classifier: Classifier
  private readonly learned: LearnedIndex
  private readonly names: Names
  private readonly apps: string[] = []
  private readonly appIndex = new Map<string, number>()
  private readonly appIsMeeting: boolean[] = []
  private readonly appIsExcluded: boolean[] = []
  private readonly titleIds = new Interner()
  private readonly titles = this.titleIds.values
  private readonly classCache = new Map<number, Classification>()
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
    this.excluded = new Set(config.excludedApps.map(normalizeAppName))
    const classifier = this.classifier
    this.names = {
      apps: this.apps,
      titles: this.titles,
      keyInfo: classifier.keyInfo,
      activityTypeOfApp: (app) => classifier.defaultActivityType(this.apps[app] ?? ''),
    }
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
  push(ts: number, app: number, typeCode: number, count: number, title: number): void {
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
      const threshold = this.appIsMeeting[s.lastApp] ? this.config.meetingIdleThresholdMs : this.config.idleThresholdMs
      if (s.breakSeen || gap > threshold) {
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
    block.events += count
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
    if (s.entry) this.emitEntry(s.entry, s.entryKey)
    s.entry = null
  }

  private classify(app: number, title: number): Classification {
    // Consecutive signals nearly always share app and title: skip the map then.
    if (app === this.lastClassifiedApp && title === this.lastClassifiedTitle) return this.lastClassification as Classification
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
    if (s.seg) this.mergeStage(s.seg, s.segKey >= 0 ? s.segKey : dominantKey(s.seg))
    s.seg = null
    s.segKey = -1
    s.inRun = false
  }

  private segmentStage(block: Span, key: number): void {
    const s = this.state
    const long = block.activeMs >= MIN_SEGMENT_MS
    if (!s.seg) {
      s.seg = block
      s.segKey = long ? key : -1
    } else if (!long) {
      s.seg.absorb(block)
    } else if (s.segKey < 0 || s.segKey === key) {
      s.seg.absorb(block)
      s.segKey = key
    } else {
      this.mergeStage(s.seg, s.segKey)
      s.seg = block
      s.segKey = key
    }
  }

  private mergeStage(seg: Span, key: number): void {
    const s = this.state
    const entry = s.entry
    if (entry && s.entryKey === key && !seg.precededByBreak && seg.start - entry.end <= this.config.maxMergeMs) {
      const gap = seg.start - entry.end
      entry.idleMergedMs += gap
      entry.longestMergedGapMs = Math.max(entry.longestMergedGapMs, gap)
      entry.absorb(seg)
      return
    }
    if (entry) this.emitEntry(entry, s.entryKey)
    s.entry = seg
    s.entryKey = key
  }

  private emitEntry(entry: Span, key: number): void {
    if (entry.end - entry.start < this.config.minEntryMs) return
    const described = describeSpan(entry, key, this.names, this.config, this.learned)
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
