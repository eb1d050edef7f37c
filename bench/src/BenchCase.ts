/** One benchmark: what to time, and the figure it should meet. */
export interface BenchCase {
  name: string
  /**
   * Builds the inputs outside the timed region and returns the function to time. Keep the
   * returned function free of setup work: every call of it is one sample.
   */
  prepare: () => () => void
  /**
   * For throughput cases: how many operations (e.g. engine steps) one call performs. The table
   * then shows operations per second instead of milliseconds per call.
   */
  opsPerCall?: { count: number; unit: string }
  /** The figure to meet, judged on the p95 sample (the slow end, not the lucky median). */
  target?: { maxMs: number } | { minOpsPerSec: number }
}
