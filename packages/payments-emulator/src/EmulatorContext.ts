import type { PaymentsEmulatorOptions } from './createPaymentsEmulator'
import type { PaymentsEmulatorState, PaypalOrder } from './PaymentsEmulatorState'
import type { StripeBuyer } from './stripeRoutes'

/** What the routes share: state, options, and the actions that also send webhooks. */
export interface EmulatorContext {
  state: PaymentsEmulatorState
  opts: Required<Pick<PaymentsEmulatorOptions, 'stripe' | 'paypal'>>
  now: () => number
  /** Where the emulator is reached (hosted pages, links). */
  origin: () => string
  completeStripeSession(id: string, buyer: StripeBuyer): Promise<void>
  expireStripeSession(id: string): Promise<void>
  approvePaypalOrder(
    id: string,
    payer: NonNullable<PaypalOrder['payer']>,
    address: Record<string, string> | undefined,
  ): Promise<void>
  capturePaypalOrder(id: string): Promise<void>
}
