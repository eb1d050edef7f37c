/**
 * When to try a CRM again after the `attempt`-th failure: 30 s, then doubling up to an hour,
 * with ±25 % jitter so pushes queued during an outage do not return as one burst. About 30
 * attempts fit in the 24-hour window.
 */
export function pushBackoffMs(attempt: number, random: () => number): number {
  const base = Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.75 + random() * 0.5))
}

/**
 * Whether a failed push is worth trying again. Any answer but 2xx, network errors and timeouts
 * are (a CRM being fixed or redeployed answers 4xx or 5xx for a while); a refused address is
 * not: the URL points inside the network and waiting will not change that.
 */
export function isRetryable(res: { refused?: boolean }): boolean {
  return !res.refused
}
