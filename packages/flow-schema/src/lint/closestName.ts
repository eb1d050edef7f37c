/** The closest of `candidates` to a mistyped `name`, if one is only a typo or two away. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  // Without a match yet, this is one more than the largest distance worth suggesting.
  let bestDistance = Math.min(2, Math.floor(name.length / 3)) + 1
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > bestDistance) continue
    const d = editDistance(name, candidate, bestDistance + 1)
    const better =
      d < bestDistance || (best !== undefined && d === bestDistance && candidate < best)
    if (d > 0 && better) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/**
 * Edits between two names, counting a swap of neighbouring letters as one (the commonest
 * typo), or `limit` as soon as it is clear the distance is at least that.
 */
function editDistance(a: string, b: string, limit: number): number {
  let before: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1)
      cur.push(d)
      rowMin = Math.min(rowMin, d)
    }
    if (rowMin >= limit) return limit
    before = prev
    prev = cur
  }
  return prev[b.length] ?? 0
}
