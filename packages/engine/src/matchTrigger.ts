import { GET_STARTED_PAYLOAD, type Flow, type InboundEvent, type NodeOf } from '@charla/flow-schema'
import { indexFlow } from './flowIndex'
import { fold } from './validateAnswer'

export type TriggerNode = NodeOf<'trigger'>

/**
 * How strongly a trigger claims an event. `explicit` ones (a ref link or ad, a menu postback,
 * Get Started, a comment) restart a conversation wherever it is; a `keyword` only when the
 * conversation is not waiting for an answer; `default` only when nothing else is going on.
 */
export type TriggerStrength = 'explicit' | 'keyword' | 'default'

export interface TriggerMatch {
  trigger: TriggerNode
  strength: TriggerStrength
  /** Where the person came from, kept with the run (leads store it). */
  source: Record<string, string>
}

/**
 * The trigger of `flow` that an event starts, if any. The runtime also uses it to choose which
 * of a Page's flows an event belongs to.
 */
export function matchTrigger(flow: Flow, event: InboundEvent): TriggerMatch | undefined {
  const triggers = indexFlow(flow).triggers
  const referral =
    event.type === 'referral'
      ? event.referral
      : event.type === 'postback'
        ? event.referral
        : undefined
  if (referral?.ref) {
    const ref = referral.ref.toLowerCase()
    const t = triggers.find((n) => n.data.on === 'ref' && n.data.ref?.toLowerCase() === ref)
    if (t)
      return explicit(t, {
        trigger: 'ref',
        ref: referral.ref,
        referralSource: referral.source,
        ...(referral.adId ? { adId: referral.adId } : {}),
      })
  }
  if (event.type === 'postback') {
    const t = triggers.find((n) => n.data.on === 'postback' && n.data.payload === event.payload)
    if (t) return explicit(t, { trigger: 'postback', payload: event.payload })
    if (event.payload === GET_STARTED_PAYLOAD) {
      const g = triggers.find((n) => n.data.on === 'get_started')
      if (g) return explicit(g, { trigger: 'get_started' })
    }
  }
  if (event.type === 'comment') {
    const text = fold(event.text ?? '')
    const t = triggers.find(
      (n) =>
        n.data.on === 'comment' &&
        (!n.data.postId || n.data.postId === event.postId) &&
        (!n.data.keywords?.length ||
          n.data.keywords.some((k) => matches(text, k, n.data.match ?? 'contains'))),
    )
    return t
      ? explicit(t, { trigger: 'comment', postId: event.postId, commentId: event.commentId })
      : undefined
  }
  if (event.type === 'message' && event.text) {
    const text = fold(event.text)
    const t = triggers.find(
      (n) =>
        n.data.on === 'keyword' &&
        (n.data.keywords ?? []).some((k) => matches(text, k, n.data.match ?? 'exact')),
    )
    if (t)
      return {
        trigger: t,
        strength: 'keyword',
        source: { trigger: 'keyword', keyword: event.text.slice(0, 100) },
      }
  }
  if (event.type === 'message' || (event.type === 'postback' && !referral?.ref)) {
    const d = triggers.find((n) => n.data.on === 'default')
    if (d) return { trigger: d, strength: 'default', source: { trigger: 'default' } }
  }
  return undefined
}

function explicit(trigger: TriggerNode, source: Record<string, string>): TriggerMatch {
  return { trigger, strength: 'explicit', source }
}

/** Keywords ignore case and accents; `contains` matches whole words, so "hi" is not in "this". */
function matches(text: string, keyword: string, mode: 'exact' | 'contains'): boolean {
  const k = fold(keyword)
  if (!k) return false
  if (mode === 'exact') return text === k
  let at = text.indexOf(k)
  while (at >= 0) {
    const before = at === 0 ? '' : (text[at - 1] ?? '')
    const after = text[at + k.length] ?? ''
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true
    at = text.indexOf(k, at + 1)
  }
  return false
}
