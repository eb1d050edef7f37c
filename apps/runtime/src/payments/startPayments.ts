import { randomBytes } from 'node:crypto'
import { createPaymentsEmulator, type PaymentsEmulator } from '@charla/payments-emulator'
import type { PaymentProvider } from '@charla/storage'
import { createPaymentProviders, type PaymentProviders } from './createPaymentProviders'
import type { PaymentsConfig } from './readPaymentsConfig'

export interface Payments {
  providers: PaymentProviders
  /** The providers checkouts can use. */
  available(): PaymentProvider[]
  /** The local payment server, when it stands in for Stripe and PayPal (the demo). */
  emulator?: PaymentsEmulator
  close(): Promise<void>
}

/**
 * The configured Stripe and PayPal; or, with none configured and the Messenger emulator on,
 * the local payments emulator as a demo provider, so the simulator can buy end to end with no
 * accounts (its pages say test mode, and no money moves).
 */
export async function startPayments(
  config: PaymentsConfig,
  opts: { demo: boolean; runtimeUrl: string },
): Promise<Payments> {
  if (config.stripe || config.paypal || !opts.demo) {
    const providers = createPaymentProviders(config)
    return { providers, available: () => availableOf(providers), close: async () => {} }
  }
  const secret = () => randomBytes(18).toString('hex')
  const demo = {
    stripe: { secretKey: `sk_test_${secret()}`, webhookSecret: `whsec_${secret()}` },
    paypal: {
      clientId: secret(),
      clientSecret: secret(),
      webhookId: `WH-${secret()}`,
      signingKey: secret(),
    },
  }
  const emulator = createPaymentsEmulator({
    stripe: { ...demo.stripe, webhookUrl: `${opts.runtimeUrl}/webhooks/stripe` },
    paypal: { ...demo.paypal, webhookUrl: `${opts.runtimeUrl}/webhooks/paypal` },
  })
  const url = await emulator.listen(0)
  const providers = createPaymentProviders({
    stripe: { ...demo.stripe, apiUrl: url },
    paypal: { ...demo.paypal, apiUrl: url },
  })
  return {
    providers,
    available: () => availableOf(providers),
    emulator,
    close: () => emulator.close(),
  }
}

function availableOf(p: PaymentProviders): PaymentProvider[] {
  return [...(p.stripe ? (['stripe'] as const) : []), ...(p.paypal ? (['paypal'] as const) : [])]
}
