/** Stripe and PayPal credentials; a provider is on when all of its secrets are set. */
export interface PaymentsConfig {
  stripe?: {
    secretKey: string
    webhookSecret: string
    /** Another Stripe API origin (the local payments emulator in tests and the demo). */
    apiUrl?: string
  }
  paypal?: {
    clientId: string
    clientSecret: string
    webhookId: string
    /** https://api-m.paypal.com (live, default), https://api-m.sandbox.paypal.com, or another. */
    apiUrl: string
  }
}

export const PAYPAL_LIVE = 'https://api-m.paypal.com'
export const PAYPAL_SANDBOX = 'https://api-m.sandbox.paypal.com'

const STRIPE_VARS = ['CHARLA_STRIPE_SECRET_KEY', 'CHARLA_STRIPE_WEBHOOK_SECRET'] as const
const PAYPAL_VARS = [
  'CHARLA_PAYPAL_CLIENT_ID',
  'CHARLA_PAYPAL_CLIENT_SECRET',
  'CHARLA_PAYPAL_WEBHOOK_ID',
] as const

/** @throws Error naming the variable when a provider is half configured or a URL is unusable. */
export function readPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  const all = (names: readonly string[], what: string) => {
    const set = names.filter((n) => env[n])
    if (set.length && set.length < names.length)
      throw new Error(
        `${what} needs all of ${names.join(', ')}; missing: ${names.filter((n) => !env[n]).join(', ')}`,
      )
    return set.length === names.length
  }
  const url = (name: string) => {
    const value = env[name]?.replace(/\/+$/, '') || undefined
    if (value && !/^https?:\/\/[^/]+$/.test(value))
      throw new Error(
        `${name} must be an http(s) origin such as https://api.stripe.com, not "${value}"`,
      )
    return value
  }
  const stripeUrl = url('CHARLA_STRIPE_API_URL')
  const paypalUrl = url('CHARLA_PAYPAL_API_URL')
  const config: PaymentsConfig = {}
  if (all(STRIPE_VARS, 'Stripe'))
    config.stripe = {
      secretKey: env.CHARLA_STRIPE_SECRET_KEY ?? '',
      webhookSecret: env.CHARLA_STRIPE_WEBHOOK_SECRET ?? '',
      ...(stripeUrl ? { apiUrl: stripeUrl } : {}),
    }
  if (all(PAYPAL_VARS, 'PayPal'))
    config.paypal = {
      clientId: env.CHARLA_PAYPAL_CLIENT_ID ?? '',
      clientSecret: env.CHARLA_PAYPAL_CLIENT_SECRET ?? '',
      webhookId: env.CHARLA_PAYPAL_WEBHOOK_ID ?? '',
      apiUrl: paypalUrl ?? PAYPAL_LIVE,
    }
  return config
}
