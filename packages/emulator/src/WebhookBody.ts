import type { Referral } from './personActionSchema'

/** A webhook POST as Meta sends it (webhook reference; `entry` and its arrays may hold many). */
export interface WebhookBody {
  object: 'page'
  entry: WebhookEntry[]
}

export interface WebhookEntry {
  /** The Page id. */
  id: string
  /** Milliseconds for messaging entries, seconds for feed changes, as Meta does. */
  time: number
  messaging?: MessagingEvent[]
  /** Events for a thread another app owns: ours to read, not to answer (handover protocol). */
  standby?: MessagingEvent[]
  changes?: FeedChange[]
}

export interface MessagingEvent {
  sender: { id: string }
  recipient: { id: string }
  timestamp: number
  message?: {
    mid: string
    text?: string
    quick_reply?: { payload: string }
    attachments?: Array<{ type: string; payload?: Record<string, unknown> }>
  }
  postback?: {
    mid: string
    title: string
    payload: string
    referral?: Required<Pick<Referral, 'source' | 'type'>> & Referral
  }
  referral?: Required<Pick<Referral, 'source' | 'type'>> & Referral
}

/** A comment on a Page post (`feed` field), the start of a Private Reply. */
export interface FeedChange {
  field: 'feed'
  value: {
    item: 'comment'
    verb: 'add'
    comment_id: string
    post_id: string
    parent_id: string
    from: { id: string; name: string }
    message: string
    created_time: number
  }
}
