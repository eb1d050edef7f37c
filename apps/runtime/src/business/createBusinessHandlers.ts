import type { PaymentProvider } from '@charla/storage'
import type { BusinessHandlers } from './BusinessHandlers'
import { createCheckoutHandlers } from './checkout/createCheckoutHandlers'
import { createBookingHandlers } from './bookings/createBookingHandlers'
import { createSaveLeadHandler } from './leads/saveLeadHandler'
import { notYetHandlers } from './notYetHandlers'

/** What the business handlers may need from the runtime (secrets, URLs, clients). */
export interface BusinessDeps {
  /** The runtime's public address, for links it sends (calendar files, payment pages). */
  publicUrl: string
  /** The payment providers checkouts can use right now (none: checkouts fail politely). */
  paymentProviders?: () => PaymentProvider[]
  /** A completed lead queued a CRM push (wakes the lead pusher). */
  onLeadPushQueued?: () => void
}

/** The runtime's business handlers: each feature (leads, bookings, checkout) plugs in here. */
export function createBusinessHandlers(deps: BusinessDeps): BusinessHandlers {
  return {
    ...notYetHandlers,
    ...createCheckoutHandlers({
      publicUrl: deps.publicUrl,
      paymentProviders: deps.paymentProviders ?? (() => []),
    }),
    ...createBookingHandlers({ publicUrl: deps.publicUrl }),
    save_lead: createSaveLeadHandler({
      ...(deps.onLeadPushQueued ? { onPushQueued: deps.onLeadPushQueued } : {}),
    }),
  }
}
