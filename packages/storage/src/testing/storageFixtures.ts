import type { ConversationState, Flow, InboundEvent } from '@charla/flow-schema'
import type { InboxRepository, OutboxRepository, PageRepository } from '../ports'

type NewPage = Parameters<PageRepository['upsert']>[0]
type NewInboxItem = Parameters<InboxRepository['add']>[0][number]
type NewOutboxItem = Parameters<OutboxRepository['add']>[0][number]

/** Small, valid data for storage tests; each builder takes the few fields a test cares about. */
export function testPage(id = 'page_1', accessToken = 'token-1'): NewPage {
  return { id, name: `Page ${id}`, accessToken, appSecret: 'secret', verifyToken: 'verify' }
}

/** A valid flow: a Get Started trigger and one message. `text` tells versions apart. */
export function testFlow(id = 'flow_1', text = 'Hello!'): Flow {
  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id,
    name: `Flow ${id}`,
    locale: 'en-US',
    variables: [{ name: 'email', type: 'email', scope: 'contact' }],
    resources: {},
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
      { id: 'hello', type: 'message', position: { x: 300, y: 0 }, data: { text } },
    ],
    edges: [{ id: 'start__next', source: 'start', sourceHandle: 'next', target: 'hello' }],
  }
}

export function testState(
  psid = 'psid_1',
  overrides: Partial<ConversationState> = {},
): ConversationState {
  return {
    flowId: 'flow_1',
    status: 'waiting',
    wait: { kind: 'question', nodeId: 'ask_email', retries: 1 },
    vars: { name: 'Ada', budget: 1200, consent: true, picks: ['a', 'b'], nothing: null },
    contact: { psid, firstName: 'Ada', tags: ['lead'], fields: { email: 'ada@example.com' } },
    timers: { t1: { purpose: 'wait', nodeId: 'ask_email' } },
    bookings: {},
    seq: 4,
    ...overrides,
  }
}

export function testInboxItem(
  dedupeKey: string,
  pageId = 'page_1',
  psid = 'psid_1',
  event: InboundEvent = { type: 'message', mid: dedupeKey, text: `text ${dedupeKey}` },
): NewInboxItem {
  return { dedupeKey, pageId, psid, event, occurredAt: 1_000, receivedAt: 2_000 }
}

export function testOutboxItem(
  pageId = 'page_1',
  psid = 'psid_1',
  text = 'hi',
  nextAttemptAt = 0,
): NewOutboxItem {
  return {
    pageId,
    psid,
    body: { recipient: { id: psid }, message: { text } },
    nextAttemptAt,
    createdAt: nextAttemptAt,
  }
}
