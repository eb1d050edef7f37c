import { z } from 'zod'

/** Counts characters as Messenger does: code points, so an emoji counts once. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** A non-empty string of at most `max` characters (code points, not UTF-16 units). */
export function textField(max: number) {
  return z
    .string()
    .min(1)
    .refine((text) => countChars(text) <= max, {
      message: `Length of param {param} must be less than or equal to ${max}`,
    })
}

/** An absolute http(s) URL; `https` alone where Meta requires it (web_url buttons, webviews). */
export function urlField(options: { httpsOnly: boolean }) {
  const protocols = options.httpsOnly ? ['https:'] : ['https:', 'http:']
  return z
    .string()
    .refine((url) => protocols.includes(URL.parse(url)?.protocol ?? '') || isLoopback(url), {
      message: options.httpsOnly
        ? 'param {param} must be a valid https URL'
        : 'param {param} must be a valid http(s) URL',
    })
}

/**
 * A runtime on this machine without a public https address (the demo, the simulator, tests)
 * links to its own pages (payment, calendar files) on http://127.0.0.1: only ever opened on
 * this machine, so the emulator lets them through where Meta, which never sees them, would not.
 */
function isLoopback(url: string): boolean {
  const u = URL.parse(url)
  return u?.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')
}

/** Postback and quick-reply payloads: at most 1000 characters (Send API reference). */
export const payloadField = z.string().refine((payload) => countChars(payload) <= 1000, {
  message: 'Length of param {param} must be less than or equal to 1000',
})
