// Public surface of the heuristics engine (pure: runs in main, the worker, tests, the browser).
export { decodeSignals } from './decodeSignals'
export { SuggestionFold, MIN_SEGMENT_MS, type Finished } from './fold'
export { IncrementalSuggester, OutOfOrderError, suggestStored, type StoredSignal, type TailUpdate } from './incremental'
export { formatIsoUtc, parseIsoUtc } from '../isoTime'
export { IngestEnvelope, IngestThresholds } from './request'
export { SignalTableBuilder, type SignalTable } from './signalTable'
export { suggestFromSignals, suggestFromTable, BAD_SIGNAL_CONFIDENCE, MAX_SIGNAL_ITEMS } from './suggest'
export * from './types'
