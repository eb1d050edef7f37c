/**
 * Send API request bodies (reference §3.2–§3.5), as sent to `POST /{version}/me/messages`
 * without the access token and without `messaging_type`/`tag`, which are decided at send time
 * (see decideMessaging).
 */

export type SendRecipient = { id: string } | { comment_id: string }

export type SendQuickReply =
  | { content_type: 'text'; title: string; payload: string; image_url?: string }
  | { content_type: 'user_email' }
  | { content_type: 'user_phone_number' }

export type SendButton =
  | { type: 'web_url'; url: string; title: string }
  | { type: 'postback'; title: string; payload: string }
  | { type: 'phone_number'; title: string; payload: string }

export interface GenericElement {
  title: string
  subtitle?: string
  image_url?: string
  default_action?: { type: 'web_url'; url: string }
  buttons?: SendButton[]
}

export interface ReceiptPayload {
  template_type: 'receipt'
  recipient_name: string
  order_number: string
  currency: string
  payment_method: string
  /** Unix seconds, as a string (Meta's sample: "1428444852"). */
  timestamp?: string
  address?: {
    street_1: string
    street_2?: string
    city: string
    postal_code: string
    state?: string
    country: string
  }
  /** Decimal amounts in the currency's major unit. */
  summary: { subtotal: number; total_cost: number }
  elements: {
    title: string
    subtitle?: string
    quantity: number
    price: number
    currency: string
    image_url?: string
  }[]
}

export type SendAttachment =
  | {
      type: 'image' | 'video' | 'audio' | 'file'
      payload: { url: string; is_reusable: true }
    }
  | {
      type: 'template'
      payload:
        | { template_type: 'button'; text: string; buttons: SendButton[] }
        | { template_type: 'generic'; elements: GenericElement[] }
        | ReceiptPayload
    }

export interface SendMessage {
  text?: string
  attachment?: SendAttachment
  quick_replies?: SendQuickReply[]
  /** Returned in the echo; at most 1000 characters. */
  metadata?: string
}

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen'

export type SendRequest =
  | { recipient: SendRecipient; message: SendMessage }
  | { recipient: { id: string }; sender_action: SenderAction }

/** What goes on the wire: the request plus what decideMessaging chose. */
export type SendBody = SendRequest & {
  messaging_type?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG'
  tag?: string
}
