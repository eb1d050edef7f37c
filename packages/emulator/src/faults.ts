import { z } from 'zod'
import { defaultErrorMessage, graphError, type GraphFailure } from './graphError'

/** The Graph calls a fault can target. `profile` is GET /{psid}, `page` is GET /me. */
export const GRAPH_PATHS = [
  'messages',
  'profile',
  'page',
  'messenger_profile',
  'pass_thread_control',
  'take_thread_control',
  'subscribed_apps',
] as const
export type GraphPath = (typeof GRAPH_PATHS)[number]

export const faultSpecSchema = z.strictObject({
  /** How many matching calls fail; 1 unless said. */
  times: z.number().int().min(1).optional(),
  match: z
    .strictObject({
      pageId: z.string().optional(),
      psid: z.string().optional(),
      path: z.enum(GRAPH_PATHS).optional(),
      // Typing indicators go through /messages too. A fault meant for "the next message" must
      // not be eaten by the typing_on sent just before it, so by default only messages match.
      kind: z.enum(['message', 'sender_action', 'any']).optional(),
    })
    .optional(),
  /** The answer instead of the real one; without error, delay or hang: HTTP 500, code 1200. */
  error: z
    .strictObject({
      httpStatus: z.number().int().min(400).max(599),
      code: z.number().int(),
      subcode: z.number().int().optional(),
      message: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
  /** Wait this long first; without `error` the call then succeeds (a slow Meta). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Never answer: the connection stays open until the client gives up. */
  hang: z.boolean().optional(),
})
export type FaultSpec = z.input<typeof faultSpecSchema>

/** What a call carries that a fault can match on. */
export interface FaultTarget {
  path: GraphPath
  pageId?: string
  psid?: string
  /** For /messages calls only. */
  kind?: 'message' | 'sender_action'
}

/** What a matched fault does to the call. */
export interface FaultEffect {
  delayMs: number
  hang: boolean
  error?: GraphFailure
}

interface QueuedFault {
  remaining: number
  spec: z.output<typeof faultSpecSchema>
}

/** Scripted failures, consumed in the order they were queued by the calls they match. */
export class FaultQueue {
  #faults: QueuedFault[] = []

  add(spec: FaultSpec): void {
    const parsed = faultSpecSchema.parse(spec)
    this.#faults.push({ remaining: parsed.times ?? 1, spec: parsed })
  }

  clear(): void {
    this.#faults = []
  }

  get pending(): number {
    return this.#faults.length
  }

  /** The first queued fault matching this call, used up by one; undefined when none does. */
  take(target: FaultTarget): FaultEffect | undefined {
    const index = this.#faults.findIndex((fault) => matches(fault.spec.match, target))
    const fault = this.#faults[index]
    if (!fault) return undefined
    fault.remaining -= 1
    if (fault.remaining === 0) this.#faults.splice(index, 1)
    return toEffect(fault.spec)
  }
}

function matches(match: QueuedFault['spec']['match'], target: FaultTarget): boolean {
  if (match?.path !== undefined && match.path !== target.path) return false
  if (match?.pageId !== undefined && match.pageId !== target.pageId) return false
  if (match?.psid !== undefined && match.psid !== target.psid) return false
  const kind = match?.kind ?? 'message'
  return target.kind === undefined || kind === 'any' || kind === target.kind
}

function toEffect(spec: QueuedFault['spec']): FaultEffect {
  const delayMs = spec.delayMs ?? 0
  const hang = spec.hang ?? false
  const error = spec.error ?? (delayMs === 0 && !hang ? { httpStatus: 500, code: 1200 } : undefined)
  if (!error) return { delayMs, hang }
  return {
    delayMs,
    hang,
    error: graphError(error.code, error.message ?? defaultErrorMessage(error.code), {
      status: error.httpStatus,
      ...(error.subcode === undefined ? {} : { subcode: error.subcode }),
      ...(error.type === undefined ? {} : { type: error.type }),
    }),
  }
}
