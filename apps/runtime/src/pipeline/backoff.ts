/**
 * When to try a failed send again: exponential from 1 s, capped at 10 minutes, with jitter so
 * a Page's retries after an outage do not arrive as one burst (Meta rate-limits bursts, 613).
 */
export function backoffMs(attempt: number, random: () => number, firstMs = 1000): number {
  const base = Math.min(600_000, firstMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.75 + random() * 0.5))
}

/** A send that keeps failing is given up after this many attempts (about a day of retries). */
export const MAX_SEND_ATTEMPTS = 12
