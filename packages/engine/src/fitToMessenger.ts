import {
  LIMITS,
  type OutboundMessage,
  type OutButton,
  type OutQuickReply,
} from '@charla/flow-schema'
import { truncate } from './truncate'

/**
 * Templates can make a text longer than Messenger takes (the schema checks the template, not
 * what it expands to). Cutting here, on a character boundary, beats a Send API error (#100) that
 * would lose the whole message.
 */
export function fitToMessenger(message: OutboundMessage): OutboundMessage {
  switch (message.kind) {
    case 'text':
      return withReplies(
        { ...message, text: truncate(message.text, LIMITS.textChars) },
        message.quickReplies,
      )
    case 'buttons':
      return withReplies(
        {
          ...message,
          text: truncate(message.text, LIMITS.buttonTextChars),
          buttons: message.buttons.slice(0, LIMITS.buttons).map(fitButton),
        },
        message.quickReplies,
      )
    case 'cards':
      return withReplies(
        {
          ...message,
          cards: message.cards.slice(0, LIMITS.cards).map((c) => ({
            ...c,
            title: truncate(c.title, LIMITS.cardTitleChars),
            ...(c.subtitle === undefined
              ? {}
              : { subtitle: truncate(c.subtitle, LIMITS.cardSubtitleChars) }),
            ...(c.buttons ? { buttons: c.buttons.slice(0, LIMITS.buttons).map(fitButton) } : {}),
          })),
        },
        message.quickReplies,
      )
    case 'attachment':
      return withReplies(message, message.quickReplies)
    case 'receipt':
      return message
  }
}

function fitButton(b: OutButton): OutButton {
  return { ...b, title: truncate(b.title, LIMITS.buttonTitleChars) }
}

function withReplies<M extends OutboundMessage>(
  message: M,
  replies: OutQuickReply[] | undefined,
): M {
  if (!replies) return message
  return {
    ...message,
    quickReplies: replies
      .slice(0, LIMITS.quickReplies)
      .map((q) =>
        q.type === 'text' ? { ...q, title: truncate(q.title, LIMITS.quickReplyTitleChars) } : q,
      ),
  }
}
