/**
 * Reads a form body the way Stripe does: `line_items[0][price_data][currency]=eur` becomes
 * nested objects, and objects whose keys are all indices become arrays.
 */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const pair of body.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const rawKey = decode(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1))
    const path = rawKey.split(/\[|\]\[|\]/).filter((k, i) => i === 0 || k !== '')
    let node: Record<string, unknown> = root
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        node[key] = value
        return
      }
      const next = node[key]
      if (typeof next !== 'object' || next === null) node[key] = {}
      node = node[key] as Record<string, unknown>
    })
  }
  return arrays(root) as Record<string, unknown>
}

function decode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '))
}

function arrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const)
  if (entries.length && entries.every(([k]) => /^\d+$/.test(k)))
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v)
  return Object.fromEntries(entries)
}
