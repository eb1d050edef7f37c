import type { BusinessHandlers } from './BusinessHandlers'
import { notYetHandlers } from './notYetHandlers'

/** What the business handlers may need from the runtime (secrets, URLs, clients). */
export interface BusinessDeps {
  /** The runtime's public address, for links it sends (calendar files, payment pages). */
  publicUrl: string
}

/** The runtime's business handlers: each feature (leads, bookings, checkout) plugs in here. */
export function createBusinessHandlers(_deps: BusinessDeps): BusinessHandlers {
  return { ...notYetHandlers }
}
