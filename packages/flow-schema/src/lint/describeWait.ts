/** `a 2-day wait`, `a 24.5-hour wait`: how long the person has gone without writing. */
export function describeWait(ms: number): string {
  if (!Number.isFinite(ms)) return 'a wait that can repeat without end (a loop with a delay)'
  const hours = Math.ceil((ms / HOUR_MS) * 10) / 10
  if (hours % 24 === 0) return `a ${hours / 24}-day wait`
  return `a ${hours}-hour wait`
}

const HOUR_MS = 3_600_000
