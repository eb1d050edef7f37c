/** Keys whose values never reach a log line, wherever they appear in a logged object. */
const SECRET_KEYS = [
  'accessToken',
  'access_token',
  'appSecret',
  'app_secret',
  'verifyToken',
  'verify_token',
  'token',
  'secret',
  'password',
  'signed_request',
  'appsecret_proof',
]

/** Query parameters that carry secrets in URLs Fastify logs (Meta's handshake, Graph calls). */
const SECRET_QUERY =
  /([?&](?:hub\.verify_token|access_token|appsecret_proof|signed_request)=)[^&#]*/gi

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]')
}

/**
 * The runtime's pino options: secrets censored by key (two levels deep, and in request
 * headers), and request URLs logged with secret query values cut out.
 */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        ...SECRET_KEYS,
        ...SECRET_KEYS.map((k) => `*.${k}`),
        ...SECRET_KEYS.map((k) => `*.*.${k}`),
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; hostname?: string; ip?: string }) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          hostname: request.hostname,
          remoteAddress: request.ip,
        }
      },
    },
  }
}
