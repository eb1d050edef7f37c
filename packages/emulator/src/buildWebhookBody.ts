import type { WebhookEvent } from './toWebhookEvent'
import type { WebhookBody, WebhookEntry } from './WebhookBody'

/**
 * Puts events into one webhook body: one entry per Page and kind (messaging, standby, feed
 * changes), in the order the events came, each keeping its events in order. Meta batches
 * like this under load, which is why receivers must loop over every entry and every event.
 */
export function buildWebhookBody(events: WebhookEvent[], now: number): WebhookBody {
  const entries = new Map<string, WebhookEntry>()
  for (const item of events) {
    const key = `${item.pageId}\u0000${item.field}`
    // Feed entries carry seconds, messaging entries milliseconds, as Meta sends them.
    const entry = entries.get(key) ?? {
      id: item.pageId,
      time: item.field === 'changes' ? Math.floor(now / 1000) : now,
    }
    entries.set(key, entry)
    if (item.field === 'changes') entry.changes = [...(entry.changes ?? []), item.change]
    else entry[item.field] = [...(entry[item.field] ?? []), item.event]
  }
  return { object: 'page', entry: [...entries.values()] }
}
