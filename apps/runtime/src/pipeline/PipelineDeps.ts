import type { InboundEventOf, OutboundActionOf } from '@charla/flow-schema'
import type { Page, Storage } from '@charla/storage'
import type { BusinessHandlers } from '../business/BusinessHandlers'

export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** What the workers need; the runtime wires real ones, tests their own clock. */
export interface PipelineDeps {
  storage: Storage
  now: () => number
  random: () => number
  log: Logger
  /** First and last name from Messenger's User Profile API, cached; undefined when unavailable. */
  fetchProfile?: (
    page: Page,
    psid: string,
  ) => Promise<{ firstName?: string; lastName?: string } | undefined>
  /** Leads, bookings, orders; without them, business actions are logged as not carried out. */
  business?: BusinessHandlers
  /** Performs an http_request action (SSRF-guarded) and returns the event to feed back. */
  performHttp?: (action: OutboundActionOf<'http_request'>) => Promise<InboundEventOf<'http_result'>>
}
