import type { SentMessage } from './Emulator'
import type { SendMessageBody } from './sendBodySchema'

/**
 * The title a person saw on the quick reply or postback button carrying `payload`, from the
 * latest message that offered it: Meta puts that title in the webhook (`message.text` for a
 * quick reply, `postback.title` for a button).
 */
export function findTitle(
  sent: SentMessage[],
  payload: string,
  kind: 'quick_reply' | 'postback',
): string | undefined {
  for (let i = sent.length - 1; i >= 0; i--) {
    const message = sent[i]?.body.message
    if (!message) continue
    const title =
      kind === 'quick_reply' ? quickReplyTitle(message, payload) : buttonTitle(message, payload)
    if (title !== undefined) return title
  }
  return undefined
}

function quickReplyTitle(message: SendMessageBody, payload: string): string | undefined {
  return message.quick_replies?.find((reply) => reply.payload === payload)?.title
}

function buttonTitle(message: SendMessageBody, payload: string): string | undefined {
  const attachment = message.attachment
  if (attachment?.type !== 'template') return undefined
  const template = attachment.payload
  const buttons =
    template.template_type === 'button'
      ? template.buttons
      : template.template_type === 'generic'
        ? template.elements.flatMap((element) => element.buttons ?? [])
        : []
  return buttons.find((button) => button.type === 'postback' && button.payload === payload)?.title
}
