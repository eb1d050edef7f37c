import autocannon from 'autocannon'
import { markProfileWindow, monotonicMs } from './protocol'
import type { IngestPlan } from './webhookBodies'

export interface LoadResult {
  requests: number
  seconds: number
  perSecond: number
  /** Milliseconds (autocannon's histogram has 1 ms resolution). */
  p50: number
  p99: number
  non2xx: number
  errors: number
}

export interface FireOptions {
  /** The server's origin, e.g. http://127.0.0.1:3000. */
  url: string
  plan: IngestPlan
  connections: number
}

/**
 * POSTs every request of the plan once, in the plan's order, over `connections` keep-alive
 * connections (one request in flight on each). A shared cursor hands each connection the next
 * body with its signature, so duplicates arrive where the plan puts them.
 */
export async function fireWebhooks(
  { url, plan, connections }: FireOptions,
  label = 'load',
): Promise<LoadResult> {
  let cursor = 0
  // Timed here: autocannon's own start/finish stop at its next sampling tick, not the last answer.
  const startedAt = monotonicMs()
  let lastAnswerAt = startedAt
  const result = await autocannon({
    url: `${url}/webhooks/messenger`,
    connections,
    pipelining: 1,
    amount: plan.order.length,
    timeout: 10,
    // The run ends at the first sampling tick after the last answer: keep that wait short.
    sampleInt: 50,
    requests: [
      {
        // Called exactly once per request sent (autocannon builds the next one only to send it).
        setupRequest: (request) => {
          const body = plan.bodies[plan.order[cursor++ % plan.order.length] as number]
          if (!body) throw new Error('the plan has a request with no body')
          return {
            ...request,
            method: 'POST',
            path: '/webhooks/messenger',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'facebookexternalua',
              'x-hub-signature-256': body.signature,
            },
            body: body.raw,
          }
        },
        onResponse: () => {
          lastAnswerAt = monotonicMs()
        },
      },
    ],
  })
  const seconds = (lastAnswerAt - startedAt) / 1000
  markProfileWindow(`ingest ${label}`, startedAt, lastAnswerAt)
  const requests = result.requests.total
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}
