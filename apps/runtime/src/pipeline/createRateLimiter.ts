/**
 * A token bucket per Page. Meta allows about 300 text sends per second per Page (§9 of the
 * platform notes); staying under it avoids 613 errors rather than retrying after them.
 */
export function createRateLimiter(perSecond: number, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    /** Takes one send's token; returns 0, or the ms to wait before one is available. */
    take(pageId: string): number {
      const t = now()
      const b = buckets.get(pageId) ?? { tokens: perSecond, at: t }
      b.tokens = Math.min(perSecond, b.tokens + ((t - b.at) / 1000) * perSecond)
      b.at = t
      buckets.set(pageId, b)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return 0
      }
      return Math.ceil(((1 - b.tokens) / perSecond) * 1000)
    },
  }
}
