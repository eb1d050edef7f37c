import { Client, Environment, OrdersController } from '@paypal/paypal-server-sdk'
import Stripe from 'stripe'
import { PAYPAL_LIVE, PAYPAL_SANDBOX, type PaymentsConfig } from './readPaymentsConfig'

/** The official SDK clients for the configured providers, pointed at the configured URLs. */
export interface PaymentProviders {
  stripe?: { client: Stripe; webhookSecret: string }
  paypal?: {
    orders: OrdersController
    webhookId: string
    apiUrl: string
    /** A bearer token for the calls the SDK does not cover (verify-webhook-signature). */
    accessToken(): Promise<string>
  }
}

export function createPaymentProviders(config: PaymentsConfig): PaymentProviders {
  const out: PaymentProviders = {}
  if (config.stripe) {
    const api = config.stripe.apiUrl ? new URL(config.stripe.apiUrl) : undefined
    out.stripe = {
      client: new Stripe(config.stripe.secretKey, {
        ...(api
          ? {
              host: api.hostname,
              port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
              protocol: api.protocol === 'https:' ? 'https' : 'http',
            }
          : {}),
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: 'Charla' },
      }),
      webhookSecret: config.stripe.webhookSecret,
    }
  }
  if (config.paypal) {
    const { clientId, clientSecret, apiUrl } = config.paypal
    const known = apiUrl === PAYPAL_LIVE || apiUrl === PAYPAL_SANDBOX
    const client = new Client({
      clientCredentialsAuthCredentials: {
        oAuthClientId: clientId,
        oAuthClientSecret: clientSecret,
      },
      environment: apiUrl === PAYPAL_LIVE ? Environment.Production : Environment.Sandbox,
      timeout: 20_000,
      // The SDK knows only PayPal's two hosts; any other base URL (the local payments
      // emulator) is reached by rewriting the sandbox origin in the SDK's own HTTP client.
      ...(known
        ? {}
        : {
            unstable_httpClientOptions: {
              adapter: 'fetch',
              env: { fetch: rewritingFetch(PAYPAL_SANDBOX, apiUrl) },
            },
          }),
    })
    let token: { value: string; until: number } | undefined
    out.paypal = {
      orders: new OrdersController(client),
      webhookId: config.paypal.webhookId,
      apiUrl,
      async accessToken() {
        if (token && token.until > Date.now()) return token.value
        const res = await fetch(`${apiUrl}/v1/oauth2/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
          signal: AbortSignal.timeout(20_000),
        })
        if (!res.ok) throw new Error(`PayPal OAuth answered ${res.status}`)
        const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown }
        if (typeof body.access_token !== 'string') throw new Error('PayPal OAuth: no access_token')
        const ttl = typeof body.expires_in === 'number' ? body.expires_in : 300
        token = { value: body.access_token, until: Date.now() + (ttl - 60) * 1000 }
        return token.value
      },
    }
  }
  return out
}

function rewritingFetch(from: string, to: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const target = url.startsWith(from) ? to + url.slice(from.length) : url
    if (typeof input === 'string' || input instanceof URL) return fetch(target, init)
    return fetch(new Request(target, input), init)
  }
}
