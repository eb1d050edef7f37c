/** Ports of issue 8: Messenger profiles per Page, publication history, data-deletion requests. */

/**
 * What a Page's Messenger profile should be, as the editor edits it. Limits are Meta's
 * (Messenger Profile API): the runtime validates them before anything is stored or sent.
 */
export interface MessengerProfileSettings {
  /** The Get Started button's payload; absent = no button. */
  getStarted?: { payload: string }
  /** Per locale (`default` required when any is set), at most 160 characters each. */
  greeting: { locale: string; text: string }[]
  /** At most 20 items, each opening a flow through its trigger's payload. */
  persistentMenu: {
    title: string
    /** The postback payload sent when tapped (a flow trigger's), or a URL to open. */
    payload?: string
    url?: string
    /** The flow the item was bound to in the editor (for display; the payload is what counts). */
    flowId?: string
  }[]
  composerInputDisabled?: boolean
  /** At most 4. */
  iceBreakers: { question: string; payload: string; flowId?: string }[]
  whitelistedDomains: string[]
}

export interface PageProfile {
  pageId: string
  settings: MessengerProfileSettings
  /** The settings last accepted by the Messenger Profile API. */
  synced?: MessengerProfileSettings
  syncedAt?: number
  /** Why the last sync failed, in plain words. */
  syncError?: string
  /** Times of the Messenger Profile API calls made for this Page (Meta: 10 per 10 minutes). */
  calls: number[]
  updatedAt: number
}

export interface PageProfileRepository {
  get(pageId: string): Promise<PageProfile | undefined>
  /** Stores the wanted settings; sync state is kept. */
  saveSettings(
    pageId: string,
    settings: MessengerProfileSettings,
    now: number,
  ): Promise<PageProfile>
  /**
   * Records a sync attempt: its calls, and either the settings now live or the error.
   * `calls` replaces the stored list (the caller prunes times outside the window).
   */
  recordSync(
    pageId: string,
    result: { calls: number[]; synced?: MessengerProfileSettings; error?: string },
    now: number,
  ): Promise<void>
}

/** One change of what is live: a publish (new or identical content) or a rollback. */
export interface PublicationEvent {
  id: number
  pageId: string
  flowId: string
  versionId: string
  number: number
  action: 'publish' | 'rollback'
  publishedBy?: string
  at: number
}

/** Meta's data-deletion callback: what the status page at its URL shows. Nothing personal. */
export interface DeletionRequest {
  code: string
  status: 'pending' | 'completed'
  contactsDeleted: number
  requestedAt: number
  completedAt?: number
}

export interface DeletionRequestRepository {
  add(request: DeletionRequest): Promise<void>
  get(code: string): Promise<DeletionRequest | undefined>
}

/** Everything stored about one person on one Page, table by table, as JSON-ready rows. */
export type ContactExport = Record<string, Record<string, unknown>[]>
