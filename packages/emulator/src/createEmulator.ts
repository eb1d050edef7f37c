import { randomBytes } from 'node:crypto'
import { buildWebhookBody } from './buildWebhookBody'
import { deliverWebhook } from './deliverWebhook'
import type {
  BatchEvent,
  Delivery,
  DeliveryOptions,
  Emulator,
  EmulatorEvents,
  EmulatorOptions,
  GraphCall,
  GraphReply,
  Page,
  Person,
  SentFilter,
  SentMessage,
  ThreadControl,
  WaitForSentOptions,
} from './Emulator'
import { EmulatorError } from './EmulatorError'
import { EmulatorState, matchesSent, personKey } from './EmulatorState'
import { FaultQueue, type FaultSpec } from './faults'
import { findTitle } from './findTitle'
import { DEFAULT_BATCH_DEADLINE_MS } from './runGraphBatch'
import { handleGraphCall, type HangRegistry } from './handleGraphCall'
import { personActionSchema, type PersonAction } from './personActionSchema'
import { serializeLikeMeta } from './serializeLikeMeta'
import { toWebhookEvent, type WebhookEvent } from './toWebhookEvent'

/** A local Messenger Platform: Graph API state, scripted faults and the people's side. */
export function createEmulator(options: EmulatorOptions): Emulator {
  return new MessengerEmulator(options)
}

class MessengerEmulator implements Emulator {
  readonly #state: EmulatorState
  readonly #faults = new FaultQueue()
  readonly #hangs: HangRegistry = new Set()
  readonly #waits = new Set<(error: Error) => void>()
  #webhookUrl: string | undefined

  constructor(options: EmulatorOptions) {
    this.#state = new EmulatorState({
      appId: options.appId ?? '100000000000001',
      appSecret: options.appSecret,
      now: options.now ?? Date.now,
      enforceWindow: options.enforceWindow ?? false,
      sendsPerSecond: options.sendsPerSecond,
      profileCallsPer10Minutes: options.profileCallsPer10Minutes,
      idPrefix: options.idPrefix ?? `${randomBytes(4).toString('hex')}.`,
    })
    this.#webhookUrl = options.webhookUrl
    this.batchDeadlineMs = options.batchDeadlineMs ?? DEFAULT_BATCH_DEADLINE_MS
  }

  readonly batchDeadlineMs: number

  get appId(): string {
    return this.#state.config.appId
  }

  get appSecret(): string {
    return this.#state.config.appSecret
  }

  get webhookUrl(): string | undefined {
    return this.#webhookUrl
  }

  setWebhookUrl(url: string): void {
    this.#webhookUrl = url
  }

  addPage(input: { pageId: string; accessToken: string; name?: string }): Page {
    const previous = this.#state.pages.get(input.pageId)
    if (previous) this.#state.pageIdByToken.delete(previous.accessToken)
    const page: Page = {
      pageId: input.pageId,
      accessToken: input.accessToken,
      name: input.name ?? `Page ${input.pageId}`,
    }
    this.#state.pages.set(page.pageId, page)
    this.#state.pageIdByToken.set(page.accessToken, page.pageId)
    return page
  }

  removePage(pageId: string): void {
    const page = this.#state.pages.get(pageId)
    if (page) this.#state.pageIdByToken.delete(page.accessToken)
    this.#state.pages.delete(pageId)
    for (const [key, person] of this.#state.people)
      if (person.pageId === pageId) this.#state.people.delete(key)
    for (const [id, comment] of this.#state.comments)
      if (comment.pageId === pageId) this.#state.comments.delete(id)
    this.#state.transcripts.delete(pageId)
    this.#state.profiles.delete(pageId)
    this.#state.recentSends.delete(pageId)
    this.#state.recentProfileCalls.delete(pageId)
    this.#state.subscriptions.delete(pageId)
  }

  addPerson(person: Person): Person {
    if (!this.#state.pages.has(person.pageId)) {
      throw new EmulatorError('unknown_page', `no Page ${person.pageId}: add it first`)
    }
    const previous = this.#state.person(person.pageId, person.psid)
    this.#state.people.set(personKey(person.pageId, person.psid), {
      threadOwner: this.appId,
      commenterId: `9${person.psid}`,
      ...previous,
      ...person,
      unreachable: person.unreachable ?? false,
    })
    return { ...person }
  }

  threadOwner(pageId: string, psid: string): string | null {
    const person = this.#state.person(pageId, psid)
    if (!person) throw new EmulatorError('unknown_person', `no person ${psid} on Page ${pageId}`)
    return person.threadOwner
  }

  messengerProfile(pageId: string): Record<string, unknown> {
    return { ...(this.#state.profiles.get(pageId) ?? {}) }
  }

  subscribedFields(pageId: string): string[] | undefined {
    const fields = this.#state.subscriptions.get(pageId)
    return fields && [...fields]
  }

  threadControls(filter: { pageId?: string; psid?: string } = {}): ThreadControl[] {
    return this.#state.threadControls.filter(
      (control) =>
        (filter.pageId === undefined || control.pageId === filter.pageId) &&
        (filter.psid === undefined || control.psid === filter.psid),
    )
  }

  fail(fault: FaultSpec): void {
    this.#faults.add(fault)
  }

  clearFaults(): void {
    this.#faults.clear()
    for (const release of [...this.#hangs]) release()
  }

  sent(filter?: SentFilter): SentMessage[] {
    return this.#state.sent(filter)
  }

  clearSent(): void {
    this.#state.transcripts.clear()
  }

  waitForSent(options: WaitForSentOptions): Promise<SentMessage[]> {
    const filter: SentFilter = {
      psid: options.psid,
      ...(options.pageId === undefined ? {} : { pageId: options.pageId }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
    }
    const already = this.sent(filter)
    if (already.length >= options.count) return Promise.resolve(already)
    const timeoutMs = options.timeoutMs ?? 5000
    return new Promise((resolve, reject) => {
      let seen = already.length
      const onSent = (message: SentMessage) => {
        if (!matchesSent(message, filter) || ++seen < options.count) return
        done()
        resolve(this.sent(filter))
      }
      const fail = (error: Error) => {
        done()
        reject(error)
      }
      const timer = setTimeout(() => {
        const got = this.sent(filter)
        fail(
          new Error(
            `waited ${timeoutMs} ms for ${options.count} ${filter.kind ?? 'message'}(s) to ${options.psid}, got ${got.length}: ${JSON.stringify(got.map((m) => m.body.message ?? m.senderAction))}`,
          ),
        )
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        this.#state.events.off('sent', onSent)
        this.#waits.delete(fail)
      }
      this.#state.events.on('sent', onSent)
      this.#waits.add(fail)
    })
  }

  personSays(
    pageId: string,
    psid: string,
    what: PersonAction,
    options?: DeliveryOptions,
  ): Promise<Delivery> {
    return this.deliverBatch([{ ...what, pageId, psid }], options)
  }

  async deliverBatch(events: BatchEvent[], options: DeliveryOptions = {}): Promise<Delivery> {
    const url = this.#webhookUrl
    if (url === undefined)
      throw new EmulatorError(
        'no_webhook_url',
        'no webhook URL: pass webhookUrl or call setWebhookUrl',
      )
    if (events.length === 0)
      throw new EmulatorError('invalid_action', 'a batch needs at least one event')
    const now = this.#state.config.now()
    const built = events.map((event) => this.#toEvent(event, now))
    const body = buildWebhookBody(
      built.map((item) => item.event),
      now,
    )
    // Serialised once: these bytes are signed and sent, duplicates included.
    const raw = serializeLikeMeta(body)
    const responses = await deliverWebhook({
      url,
      raw,
      appSecret: this.appSecret,
      ...(options.raw === undefined ? {} : { mode: options.raw }),
      ...(options.duplicates === undefined ? {} : { duplicates: options.duplicates }),
      ...(options.concurrent === undefined ? {} : { concurrent: options.concurrent }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    })
    const mids = built.flatMap((item) => (item.mid === undefined ? [] : [item.mid]))
    const commentId = built.find((item) => item.commentId !== undefined)?.commentId
    return {
      status: responses[0]?.status ?? 0,
      mid: built[0]?.mid,
      mids,
      ...(commentId === undefined ? {} : { commentId }),
      body,
      raw,
      responses,
    }
  }

  on<E extends keyof EmulatorEvents>(
    event: E,
    listener: (...args: EmulatorEvents[E]) => void,
  ): this {
    this.#state.events.on(event, listener)
    return this
  }

  off<E extends keyof EmulatorEvents>(
    event: E,
    listener: (...args: EmulatorEvents[E]) => void,
  ): this {
    this.#state.events.off(event, listener)
    return this
  }

  handleGraphCall(call: GraphCall): Promise<GraphReply> {
    return handleGraphCall(this.#state, this.#faults, this.#hangs, call)
  }

  close(): void {
    for (const release of [...this.#hangs]) release()
    for (const fail of [...this.#waits])
      fail(new EmulatorError('closed', 'the emulator was closed'))
  }

  /** Checks one action, updates what Meta would know (window, comments) and builds its event. */
  #toEvent(
    input: BatchEvent,
    now: number,
  ): { event: WebhookEvent; mid?: string; commentId?: string } {
    const { pageId, psid, ...what } = input
    const parsed = personActionSchema.safeParse(what)
    if (!parsed.success) {
      throw new EmulatorError(
        'invalid_action',
        parsed.error.issues.map((issue) => issue.message).join('; '),
      )
    }
    if (!this.#state.pages.has(pageId)) throw new EmulatorError('unknown_page', `no Page ${pageId}`)
    const person = this.#state.person(pageId, psid)
    if (!person)
      throw new EmulatorError(
        'unknown_person',
        `no person ${psid} on Page ${pageId}: add them first`,
      )
    const action = parsed.data
    const comment = action.comment
    const commentId = comment
      ? (comment.commentId ?? `${comment.postId}_${this.#state.nextSeq()}`)
      : undefined
    const mid = comment ? undefined : this.#state.nextMid()
    if (commentId !== undefined) {
      this.#state.comments.set(commentId, { pageId, psid, replied: false })
    } else {
      // A message, postback or referral opens (or refreshes) the 24-hour window; a comment does not.
      person.lastInteractionAt = now
    }
    const transcript = this.#state.sent({ pageId, psid })
    const event = toWebhookEvent(action, {
      pageId,
      psid,
      mid: mid ?? '',
      commentId: commentId ?? '',
      timestamp: now,
      standby: person.threadOwner !== null && person.threadOwner !== this.appId,
      commenter: { id: person.commenterId, name: `${person.firstName} ${person.lastName}`.trim() },
      titleFor: (payload, kind) => findTitle(transcript, payload, kind),
    })
    return {
      event,
      ...(mid === undefined ? {} : { mid }),
      ...(commentId === undefined ? {} : { commentId }),
    }
  }
}
