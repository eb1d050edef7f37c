import {
  messageChoiceIds,
  type Button,
  type MessageData,
  type OutboundMessage,
  type OutButton,
  type OutQuickReply,
} from '@charla/flow-schema'
import { eventPayload, eventText, go, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { makePayload, parsePayload } from '../payload'
import { emit, type Run } from '../Run'
import { send } from '../send'
import { fold } from '../validateAnswer'
import { render } from '../variables'

/**
 * Sends attachments, then the text (with its buttons), then the cards; quick replies ride on
 * the last one, as Messenger shows them under the latest message only.
 */
export const message: NodeHandler<'message'> = {
  enter(run, node) {
    const d = node.data
    if (d.typingMs) emit(run, { type: 'typing', durationMs: d.typingMs })
    const messages = compose(run, node.id, d)
    for (const m of messages) send(run, m, { nodeId: node.id, ...(d.tag ? { tag: d.tag } : {}) })
    return messageChoiceIds(d).length ? waitFor({ kind: 'choice', nodeId: node.id }) : go('next')
  },
  resume(_run, node, wait, event) {
    if (wait.kind !== 'choice') return unhandled
    const choice = chosen(node.id, node.data, eventPayload(event), eventText(event))
    if (choice) return go(choice)
    return event.type === 'message' || event.type === 'postback' ? go('fallback') : unhandled
  },
}

/** Which choice a tap or typed text picked: our payload, a profile quick reply, or a title. */
export function chosen(
  nodeId: string,
  d: MessageData,
  payload: string | undefined,
  text: string | undefined,
): string | undefined {
  const ids = messageChoiceIds(d)
  const parsed = parsePayload(payload)
  if (parsed?.scope === 'c' && parsed.nodeId === nodeId && ids.includes(parsed.value))
    return parsed.value
  // Messenger's email / phone quick replies come back with the value as payload, not ours.
  if (payload && !parsed) {
    const profile = d.quickReplies?.find(
      (q) =>
        (q.type === 'user_email' && payload.includes('@')) ||
        (q.type === 'user_phone_number' && /^\+?\d/.test(payload)),
    )
    if (profile) return profile.id
  }
  if (!text) return undefined
  const wanted = fold(text)
  const titled = [
    ...(d.buttons ?? []).filter((b) => b.type === 'postback'),
    ...(d.cards ?? []).flatMap((c) => (c.buttons ?? []).filter((b) => b.type === 'postback')),
    ...(d.quickReplies ?? []).filter((q) => q.title !== undefined),
  ]
  return titled.find((c) => c.title !== undefined && fold(c.title) === wanted)?.id
}

function compose(run: Run, nodeId: string, d: MessageData): OutboundMessage[] {
  const out: OutboundMessage[] = []
  for (const a of d.attachments ?? [])
    out.push({ kind: 'attachment', attachmentType: a.type, url: render(run, a.url) })
  if (d.text !== undefined) {
    const text = render(run, d.text)
    out.push(
      d.buttons?.length
        ? { kind: 'buttons', text, buttons: d.buttons.map((b) => toButton(run, nodeId, b)) }
        : { kind: 'text', text },
    )
  }
  if (d.cards?.length)
    out.push({
      kind: 'cards',
      cards: d.cards.map((c) => ({
        title: render(run, c.title),
        ...(c.subtitle ? { subtitle: render(run, c.subtitle) } : {}),
        ...(c.imageUrl ? { imageUrl: render(run, c.imageUrl) } : {}),
        ...(c.url ? { url: render(run, c.url) } : {}),
        ...(c.buttons?.length ? { buttons: c.buttons.map((b) => toButton(run, nodeId, b)) } : {}),
      })),
    })
  const quick = d.quickReplies?.map((q): OutQuickReply => {
    if (q.type) return { type: q.type }
    const reply: OutQuickReply = {
      type: 'text',
      title: render(run, q.title ?? ''),
      payload: makePayload('c', nodeId, q.id),
    }
    return q.imageUrl ? { ...reply, imageUrl: q.imageUrl } : reply
  })
  const last = out.at(-1)
  if (quick?.length && last && last.kind !== 'receipt')
    out[out.length - 1] = { ...last, quickReplies: quick }
  return out
}

function toButton(run: Run, nodeId: string, b: Button): OutButton {
  const title = render(run, b.title)
  if (b.type === 'url') return { type: 'url', title, url: render(run, b.url ?? '') }
  if (b.type === 'call') return { type: 'call', title, phone: b.phone ?? '' }
  return { type: 'postback', title, payload: makePayload('c', nodeId, b.id) }
}
