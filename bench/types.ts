// A benchmark module (`bench/<capability>.bench.ts`) exports `benchmarks: Benchmark[]`.
// `npm run bench` runs them all and rewrites BENCHMARKS.md; no test ever asserts a timing.
export interface BenchmarkResult {
  /** the measured figure, e.g. 412 */
  value: number
  /** its unit, e.g. 'ms', 'MB', '% of one core' */
  unit: string
  /** whether the issue's target is met */
  met: boolean
  /** how it was measured: sizes, repetitions, other figures (median of N, peak RSS…) */
  detail: string
}

export interface Benchmark {
  /** what is measured, as a reader of BENCHMARKS.md would name it */
  name: string
  /** the target from the issue, e.g. '< 100 ms' */
  target: string
  /** the issue it comes from, e.g. '#3' */
  issue: string
  run(): Promise<BenchmarkResult>
}
