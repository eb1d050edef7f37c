import type { Contact, ConversationState, Flow } from '@charla/flow-schema'

/**
 * The state of a conversation that has not started yet: nothing to wait for, the contact as
 * the runtime knows it.
 */
export function createConversationState(
  flow: Flow,
  contact: Partial<Contact> & { psid: string },
): ConversationState {
  return {
    flowId: flow.id,
    status: 'idle',
    vars: {},
    contact: { tags: [], fields: {}, ...contact },
    timers: {},
    bookings: {},
    seq: 0,
  }
}
