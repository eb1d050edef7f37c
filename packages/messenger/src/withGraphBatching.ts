import {
  GRAPH_BATCH_MAX,
  profileOf,
  profileRequest,
  sendResultOf,
  type GraphBatchAnswer,
  type GraphBatchRequest,
  type GraphClient,
} from './graphClient'

export interface GraphBatchingOptions {
  /** Calls per batch request; Meta's limit (50) unless lower. */
  maxBatch?: number
}

interface Pending {
  request: GraphBatchRequest
  /** The person the call is about: one batch never carries two calls for one person. */
  person: string
  /** The call on its own, when nothing else is going the same way. */
  alone(): Promise<void>
  settle(answer: GraphBatchAnswer): void
}

/**
 * A Graph client that puts the sends, profile reads and thread-control calls made in the same
 * turn of the event loop, for the same token, into Graph batch requests: at a busy Page one
 * HTTP request carries up to 50 of them instead of 50 requests, which costs both sides far
 * less. A call with nothing to share a request with goes out alone, exactly as before.
 *
 * Order: Meta may run a batch's calls in parallel, so a batch never holds two calls about one
 * person; a person's later call goes in a following batch, sent once the one before answered.
 * Every call keeps its own answer and error class; a failure of the whole request (token,
 * network, timeout) is the answer of each call in it.
 */
export function withGraphBatching(
  client: GraphClient,
  options: GraphBatchingOptions = {},
): GraphClient {
  const maxBatch = Math.min(options.maxBatch ?? GRAPH_BATCH_MAX, GRAPH_BATCH_MAX)
  const queues = new Map<string, Pending[]>()
  let scheduled = false

  function enqueue<T>(
    token: string,
    request: GraphBatchRequest,
    person: string,
    alone: () => Promise<T>,
    fromAnswer: (answer: GraphBatchAnswer) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = queues.get(token) ?? []
      queues.set(token, queue)
      queue.push({
        request,
        person,
        alone: () => alone().then(resolve, reject),
        settle: (answer) => resolve(fromAnswer(answer)),
      })
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  }

  function flush() {
    scheduled = false
    const ready = [...queues]
    queues.clear()
    for (const [token, calls] of ready) void dispatch(token, calls)
  }

  /** Rounds: the n-th call about each person goes in round n, after round n − 1 answered. */
  async function dispatch(token: string, calls: Pending[]) {
    let rest = calls
    while (rest.length) {
      const round: Pending[] = []
      const later: Pending[] = []
      const seen = new Set<string>()
      for (const call of rest) {
        if (seen.has(call.person)) later.push(call)
        else {
          seen.add(call.person)
          round.push(call)
        }
      }
      const chunks: Pending[][] = []
      for (let i = 0; i < round.length; i += maxBatch) chunks.push(round.slice(i, i + maxBatch))
      await Promise.all(chunks.map((chunk) => send(token, chunk)))
      rest = later
    }
  }

  async function send(token: string, chunk: Pending[]) {
    if (chunk.length === 1) return (chunk[0] as Pending).alone()
    try {
      const answers = await client.batch(
        token,
        chunk.map((c) => c.request),
      )
      chunk.forEach((call, i) => call.settle(answers[i] as GraphBatchAnswer))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      for (const call of chunk)
        call.settle({ ok: false, error: { kind: 'retryable', message, transport: 'network' } })
    }
  }

  return {
    ...client,
    send: (token, body) =>
      enqueue(
        token,
        { method: 'POST', relativeUrl: 'me/messages', body: { ...body } },
        recipientOf(body.recipient),
        () => client.send(token, body),
        sendResultOf,
      ),
    getProfile: (token, psid) => {
      const request = profileRequest(psid)
      if (!request) return client.getProfile(token, psid)
      return enqueue(token, request, psid, () => client.getProfile(token, psid), profileOf)
    },
    passThreadControl: (token, psid, targetAppId, metadata) =>
      enqueue(
        token,
        {
          method: 'POST',
          relativeUrl: 'me/pass_thread_control',
          body: {
            recipient: { id: psid },
            target_app_id: targetAppId,
            ...(metadata !== undefined ? { metadata } : {}),
          },
        },
        psid,
        () => client.passThreadControl(token, psid, targetAppId, metadata),
        callResultOf,
      ),
    takeThreadControl: (token, psid, metadata) =>
      enqueue(
        token,
        {
          method: 'POST',
          relativeUrl: 'me/take_thread_control',
          body: { recipient: { id: psid }, ...(metadata !== undefined ? { metadata } : {}) },
        },
        psid,
        () => client.takeThreadControl(token, psid, metadata),
        callResultOf,
      ),
  }
}

function recipientOf(recipient: { id: string } | { comment_id: string }): string {
  return 'id' in recipient ? recipient.id : `comment:${recipient.comment_id}`
}

function callResultOf(answer: GraphBatchAnswer) {
  return answer.ok
    ? { ok: true as const, body: answer.body }
    : { ok: false as const, error: answer.error }
}
