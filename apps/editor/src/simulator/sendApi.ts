/** The parts of a Send API request body the simulator draws. Unknown shapes render as JSON. */
export interface SendButton {
  type: 'postback' | 'web_url' | 'phone_number' | string
  title: string
  payload?: string
  url?: string
}
export interface SendQuickReply {
  content_type: 'text' | 'user_email' | 'user_phone_number' | string
  title?: string
  payload?: string
  image_url?: string
}
export interface GenericElement {
  title: string
  subtitle?: string
  image_url?: string
  default_action?: { type: string; url?: string }
  buttons?: SendButton[]
}
export interface ReceiptElement {
  title: string
  subtitle?: string
  quantity?: number
  price: number
  currency?: string
  image_url?: string
}
export interface TemplatePayload {
  template_type: 'button' | 'generic' | 'receipt' | string
  text?: string
  buttons?: SendButton[]
  elements?: (GenericElement | ReceiptElement)[]
  recipient_name?: string
  order_number?: string
  currency?: string
  payment_method?: string
  summary?: { subtotal?: number; shipping_cost?: number; total_tax?: number; total_cost: number }
  address?: { street_1: string; city: string; postal_code: string; country: string }
}
export interface SendBody {
  recipient?: unknown
  messaging_type?: string
  sender_action?: 'typing_on' | 'typing_off' | 'mark_seen' | string
  message?: {
    text?: string
    quick_replies?: SendQuickReply[]
    attachment?: {
      type: 'image' | 'video' | 'audio' | 'file' | 'template' | string
      payload: { url?: string } & Partial<TemplatePayload>
    }
  }
}

export type SimEvent =
  | { type: 'sent'; seq: number; at: number; body: SendBody }
  | {
      type: 'state'
      currentNodeId?: string
      variables: Record<string, unknown>
      waiting?: string
      ended: boolean
      pendingTimers: { timerId: string; runAt: number }[]
    }
  | { type: 'clock'; now: number; offsetMs: number }

export type ChatItem =
  | { kind: 'bot'; seq: number; body: SendBody }
  | { kind: 'user'; text: string; id: number }
  | { kind: 'note'; text: string; id: number }

/** Folds one event into the chat: typing indicators come and go, messages append. */
export function applySent(
  items: ChatItem[],
  body: SendBody,
  seq: number,
): { items: ChatItem[]; typing?: boolean } {
  if (body.sender_action === 'typing_on') return { items, typing: true }
  if (body.sender_action === 'typing_off') return { items, typing: false }
  if (!body.message) return { items }
  if (items.some((i) => i.kind === 'bot' && i.seq === seq)) return { items }
  return { items: [...items, { kind: 'bot', seq, body }], typing: false }
}
