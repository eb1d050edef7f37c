export interface ReplyTally {
  /** People who got no reply at all, or fewer than expected. */
  lost: number
  /** Replies beyond the expected ones, plus replies to people who never wrote. */
  duplicated: number
}

/**
 * Compares what each person received with what they should have: `expected` replies each for
 * the people in `people`, none for anyone else.
 */
export function tallyReplies(
  people: readonly string[],
  received: ReadonlyMap<string, number>,
  expected = 1,
): ReplyTally {
  let lost = 0
  let duplicated = 0
  const wrote = new Set(people)
  for (const psid of wrote) {
    const got = received.get(psid) ?? 0
    if (got < expected) lost += expected - got
    else duplicated += got - expected
  }
  for (const [psid, got] of received) if (!wrote.has(psid)) duplicated += got
  return { lost, duplicated }
}
