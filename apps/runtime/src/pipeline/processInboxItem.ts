import { createConversationState, step } from '@charla/engine'
import type { ConversationState, InboundEvent } from '@charla/flow-schema'
import {
  conversationKey,
  type Contact,
  type Conversation,
  type FlowVersion,
  type InboxItem,
  type Page,
  type Storage,
} from '@charla/storage'
import { runBusinessAction } from '../business/BusinessHandlers'
import { notYetHandlers } from '../business/notYetHandlers'
import { chooseFlow } from './chooseFlow'
import type { PipelineDeps } from './PipelineDeps'
import { planWrites, type WritePlan } from './planWrites'

/** The stored contacts and conversations of a batch's people, read at once, by conversationKey. */
export interface StoredPeople {
  contacts: ReadonlyMap<string, Contact>
  conversations: ReadonlyMap<string, Conversation>
}

/** Reads what `prepareInboxItem` needs of these items' people: two statements for a batch. */
export async function readStoredPeople(
  storage: Storage,
  items: readonly InboxItem[],
): Promise<StoredPeople> {
  return {
    contacts: await storage.contacts.getMany(items),
    conversations: await storage.conversations.getMany(items),
  }
}

/** A step computed and ready to commit. */
export interface PreparedStep {
  /**
   * Writes state, contact, outbox, jobs, analytics and the inbox mark; false when another
   * process saved this conversation first (nothing is written, the event is tried again).
   */
  write(tx: Storage): Promise<boolean>
  plan?: WritePlan
  /** Logs what the step reported, once it is committed. */
  report(): void
}

/**
 * One inbox event through the engine: load the conversation and the flow it is pinned to (or
 * the one the event starts) and step. The caller commits `write` in ONE transaction (the worker
 * puts a whole batch in one) — so a crash anywhere either redoes the whole step or none of it.
 */
export async function prepareInboxItem(
  deps: PipelineDeps,
  item: InboxItem,
  known: StoredPeople,
): Promise<PreparedStep> {
  const { storage } = deps
  const key = conversationKey(item.pageId, item.psid)
  const page = await storage.pages.get(item.pageId)
  if (!page)
    return {
      write: async (tx) => {
        await tx.inbox.markFailed(item.id, `no Page ${item.pageId} is connected`, 1)
        return true
      },
      report: () =>
        deps.log.warn({ pageId: item.pageId }, 'an event for a Page that is not connected'),
    }
  const { contact, profile } = await loadContact(deps, page, item.psid, known.contacts.get(key))
  const conversation = known.conversations.get(key)
  const pinned = conversation
    ? await storage.flows.getVersion(conversation.flowVersionId)
    : undefined
  const current = conversation && pinned ? { conversation, version: pinned } : undefined
  const published = await storage.flows.published(item.pageId)
  const choice = chooseFlow(published, current, item.event)
  const now = deps.now()
  const interaction = isInteraction(item.event) ? item.occurredAt : undefined

  const target =
    choice.kind === 'switch'
      ? { version: choice.version, state: freshState(choice.version, contact, conversation) }
      : choice.kind === 'current' && current
        ? { version: current.version, state: withContact(current.conversation.state, contact) }
        : undefined
  if (!target) {
    // No flow of this Page claims the event; what the person did still opens their window.
    const write = async (tx: Storage) => {
      if (interaction)
        await tx.contacts.upsert(
          { pageId: page.id, psid: item.psid, ...profile, lastInteractionAt: interaction },
          now,
        )
      else if (profile.profileFetchedAt !== undefined)
        await tx.contacts.upsert({ pageId: page.id, psid: item.psid, ...profile }, now)
      await tx.inbox.markDone(item.id)
      return true
    }
    return { write, report: () => {} }
  }
  const { version } = target
  const result = step(version.flow, target.state, item.event, {
    now,
    random: deps.random,
    page: { id: page.id, name: page.name },
  })
  const plan = planWrites(result.actions, {
    pageId: page.id,
    psid: item.psid,
    flowVersionId: version.id,
    now,
  })
  const write = async (tx: Storage) => {
    const ok = await tx.conversations.save(
      { pageId: page.id, psid: item.psid, flowVersionId: version.id, state: result.state },
      conversation?.version,
      now,
    )
    if (!ok) return false
    const c = result.state.contact
    await tx.contacts.upsert(
      {
        pageId: page.id,
        psid: item.psid,
        ...profile,
        tags: c.tags,
        fields: c.fields,
        ...(interaction ? { lastInteractionAt: interaction } : {}),
      },
      now,
    )
    await tx.outbox.add(plan.outbox)
    for (const job of plan.schedule) await tx.jobs.schedule(job)
    for (const key of plan.cancel) await tx.jobs.cancel(key)
    if (plan.analytics.length) await tx.analytics.record(plan.analytics)
    const results: InboundEvent[] = []
    for (const action of plan.business)
      results.push(
        ...(await runBusinessAction(deps.business ?? notYetHandlers, tx, action, {
          page,
          psid: item.psid,
          flowVersionId: version.id,
          flow: version.flow,
          now,
          inboxItemId: item.id,
          ...(result.state.source ? { source: result.state.source } : {}),
          log: deps.log,
        })),
      )
    // Keyed by the step (the inbox item) and position: a step redone after a crash or a
    // conflict produces the same keys, so its results are never queued twice.
    if (results.length)
      await tx.inbox.add(
        results.map((event, i) => ({
          dedupeKey: `${page.id}:${item.psid}:business:${item.id}:${i}`,
          pageId: page.id,
          psid: item.psid,
          event,
          occurredAt: now,
          receivedAt: now,
        })),
      )
    if (plan.startFlow)
      await tx.inbox.add([
        {
          dedupeKey: `${page.id}:${item.psid}:start_flow:${result.state.seq}:${item.id}`,
          pageId: page.id,
          psid: item.psid,
          event: {
            type: 'start',
            flowId: plan.startFlow.flowId,
            ...(plan.startFlow.nodeId ? { nodeId: plan.startFlow.nodeId } : {}),
          },
          occurredAt: now,
          receivedAt: now,
        },
      ])
    await tx.inbox.markDone(item.id)
    return true
  }
  const report = () => {
    for (const e of plan.errors)
      deps.log.warn({ pageId: page.id, psid: item.psid, code: e.code, nodeId: e.nodeId }, e.message)
  }
  return { write, plan, report }
}

/** What the person did opens or refreshes Messenger's 24-hour window. */
function isInteraction(event: InboundEvent): boolean {
  return event.type === 'message' || event.type === 'postback' || event.type === 'referral'
}

/**
 * The contact as stored, or as it will be: a new person's profile is fetched here (outside
 * any transaction, it is a network call) and written with the step, in the same commit.
 */
async function loadContact(
  deps: PipelineDeps,
  page: Page,
  psid: string,
  stored: Contact | undefined,
): Promise<{ contact: Contact; profile: ProfileWrite }> {
  const now = deps.now()
  const contact: Contact = stored ?? {
    pageId: page.id,
    psid,
    tags: [],
    fields: {},
    unreachable: false,
    createdAt: now,
    updatedAt: now,
  }
  if (stored?.profileFetchedAt !== undefined || !deps.fetchProfile) return { contact, profile: {} }
  const fetched = await deps.fetchProfile(page, psid).catch(() => undefined)
  const profile: ProfileWrite = {
    ...(fetched?.firstName ? { firstName: fetched.firstName } : {}),
    ...(fetched?.lastName ? { lastName: fetched.lastName } : {}),
    profileFetchedAt: now,
  }
  return { contact: { ...contact, ...profile }, profile }
}

type ProfileWrite = Partial<Pick<Contact, 'firstName' | 'lastName' | 'profileFetchedAt'>>

/** The stored state, with the contact as it is now (other flows may have tagged them). */
function withContact(state: ConversationState, contact: Contact): ConversationState {
  return { ...state, contact: contactOf(contact) }
}

/** A new run in another flow; ids keep counting so old timers can never be mistaken for new. */
function freshState(
  version: FlowVersion,
  contact: Contact,
  previous: Conversation | undefined,
): ConversationState {
  const state = createConversationState(version.flow, contactOf(contact))
  return previous ? { ...state, seq: previous.state.seq } : state
}

function contactOf(contact: Contact): ConversationState['contact'] {
  return {
    psid: contact.psid,
    ...(contact.firstName ? { firstName: contact.firstName } : {}),
    ...(contact.lastName ? { lastName: contact.lastName } : {}),
    tags: contact.tags,
    fields: contact.fields,
  }
}
