import type { MessageTag, OutboundMessage, OutQuickReply } from '@charla/flow-schema'
import { fitToMessenger } from './fitToMessenger'
import { emit, type Run } from './Run'

/** Queues one message. The runtime picks messaging_type from the contact's 24-hour window. */
export function send(
  run: Run,
  message: OutboundMessage,
  opts: { nodeId?: string; tag?: MessageTag } = {},
): void {
  emit(run, {
    type: 'send',
    message: fitToMessenger(message),
    ...(opts.nodeId ? { nodeId: opts.nodeId } : {}),
    ...(opts.tag ? { tag: opts.tag } : {}),
  })
}

export function sendText(
  run: Run,
  text: string,
  opts: { nodeId?: string; tag?: MessageTag; quickReplies?: OutQuickReply[] } = {},
): void {
  const message: OutboundMessage = opts.quickReplies?.length
    ? { kind: 'text', text, quickReplies: opts.quickReplies }
    : { kind: 'text', text }
  send(run, message, opts)
}

/** A quick reply that comes back with `payload` (its title is fitted when sent). */
export function quickReply(title: string, payload: string): OutQuickReply {
  return { type: 'text', title, payload }
}
