import type { InboundEvent, OutQuickReply, PhraseOverrides } from '@charla/flow-schema'
import { eventPayload, eventText } from './NodeHandler'
import { makePayload, parsePayload, type PayloadScope } from './payload'
import { phrase } from './phrase'
import type { Run } from './Run'
import { quickReply, sendText } from './send'
import {
  dateExample,
  fold,
  validateAnswer,
  type AnswerResult,
  type AnswerRules,
} from './validateAnswer'

export interface Prompt extends AnswerRules {
  scope: PayloadScope
  nodeId: string
  text: string
  suggestFromProfile?: boolean
  /** Offer "Skip" (optional lead-form fields). */
  skippable?: boolean
  phrases?: PhraseOverrides
}

/**
 * Asks for an input: the choices as quick replies, Messenger's email / phone suggestion when
 * asked for, and "Skip" for optional fields (13 quick replies at most in all).
 */
export function ask(run: Run, p: Prompt, text = p.text): void {
  sendText(run, text, { nodeId: p.nodeId, quickReplies: promptReplies(run, p) })
}

export function promptReplies(run: Run, p: Prompt): OutQuickReply[] {
  const replies: OutQuickReply[] = []
  if (p.suggestFromProfile && p.input === 'email') replies.push({ type: 'user_email' })
  if (p.suggestFromProfile && p.input === 'phone') replies.push({ type: 'user_phone_number' })
  if (p.input === 'choice')
    (p.choices ?? []).forEach((c, i) =>
      replies.push(quickReply(c, makePayload(p.scope, p.nodeId, choiceValue(p, i)))),
    )
  if (p.skippable)
    replies.push(
      quickReply(phrase(run, 'skip', {}, p.phrases), makePayload(p.scope, p.nodeId, 'skip')),
    )
  return replies.slice(0, 13)
}

export type Reply = AnswerResult | { ok: 'skip' } | { ok: 'none' }

/** Reads the person's reply to a prompt: a tap on one of its quick replies, or typed text. */
export function readReply(run: Run, p: Prompt, event: InboundEvent): Reply {
  const parsed = parsePayload(eventPayload(event))
  if (parsed && parsed.scope === p.scope && parsed.nodeId === p.nodeId) {
    if (parsed.value === 'skip' && p.skippable) return { ok: 'skip' }
    const index = Number(parsed.value.replace(/^c/, ''))
    const choice = p.choices?.[index]
    if (choice !== undefined) return { ok: true, value: choice }
  }
  const text = eventText(event)
  // A sticker or photo where words were expected is a wrong answer, not silence.
  if (text === undefined)
    return event.type === 'message' ? validateAnswer('', p, run.locale) : { ok: 'none' }
  if (p.skippable && fold(text) === fold(phrase(run, 'skip', {}, p.phrases))) return { ok: 'skip' }
  return validateAnswer(text, p, run.locale)
}

/** The retry message: the node's own, else the built-in one for the input kind. */
export function retryText(
  run: Run,
  p: Prompt,
  key: AnswerResult & { ok: false },
  custom?: string,
): string {
  return custom ?? phrase(run, key.retry, { example: dateExample(run.locale) }, p.phrases)
}

function choiceValue(p: Prompt, i: number): string {
  return p.scope === 'l' ? `c${i}` : String(i)
}
