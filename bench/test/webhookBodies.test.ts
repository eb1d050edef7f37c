import { parseWebhook, verifySignature } from '@charla/messenger'
import { describe, expect, it } from 'vitest'
import { inboxKey, planIngest, signedMessage } from '../src/system/webhookBodies'

const SECRET = 'bench-secret'

describe('signedMessage', () => {
  const event = {
    pageId: 'demo_page',
    psid: 'p1',
    mid: 'm_1',
    text: '¿hola? ☕ a/b',
    timestamp: Date.UTC(2026, 10, 23, 9),
  }
  const webhook = signedMessage(event, SECRET)

  it('signs the exact bytes it sends, as verifySignature checks them', () => {
    expect(verifySignature(Buffer.from(webhook.raw), webhook.signature, SECRET)).toBe(true)
    expect(verifySignature(Buffer.from(`${webhook.raw} `), webhook.signature, SECRET)).toBe(false)
    expect(verifySignature(Buffer.from(webhook.raw), webhook.signature, 'other')).toBe(false)
  })

  it('writes JSON the way Meta does: non-ASCII escaped, slashes escaped', () => {
    expect(webhook.raw).toMatch(/^[\x20-\x7e]*$/)
    expect(webhook.raw).toContain('\\u00bf')
    expect(webhook.raw).toContain('a\\/b')
  })

  it('reads back through parseWebhook as one message event with the inbox key', () => {
    const parsed = parseWebhook(JSON.parse(webhook.raw))
    expect(parsed.skipped).toBe(0)
    expect(parsed.items).toEqual([
      {
        pageId: 'demo_page',
        psid: 'p1',
        dedupeKey: inboxKey('demo_page', 'm_1'),
        occurredAt: event.timestamp,
        kind: 'event',
        event: { type: 'message', mid: 'm_1', text: event.text },
      },
    ])
  })
})

describe('planIngest', () => {
  const options = {
    pageId: 'demo_page',
    appSecret: SECRET,
    distinct: 700,
    people: 50,
    duplicateShare: 0.3,
    prefix: 'x',
    startAt: 1_000,
  }

  it('repeats earlier bodies so that the share of requests asked for are duplicates', () => {
    const plan = planIngest(options)
    expect(plan.bodies).toHaveLength(700)
    expect(plan.order).toHaveLength(1000)
    expect(plan.duplicates).toBe(300)
    const seen = new Set<number>()
    let repeats = 0
    let nextNew = 0
    for (const i of plan.order) {
      if (seen.has(i)) repeats++
      else {
        // New bodies go out in order; a repeat never comes before its first sending.
        expect(i).toBe(nextNew++)
        seen.add(i)
      }
    }
    expect(repeats).toBe(300)
    expect(seen.size).toBe(700)
  })

  it('makes distinct, verifiable events spread over the people', () => {
    const plan = planIngest(options)
    expect(new Set(plan.bodies.map((b) => b.mid)).size).toBe(700)
    expect(new Set(plan.bodies.map((b) => b.raw)).size).toBe(700)
    const people = new Set(plan.bodies.map((b) => b.psid))
    expect(people.size).toBeGreaterThan(40)
    expect(people.size).toBeLessThanOrEqual(50)
    for (const b of plan.bodies.slice(0, 20))
      expect(verifySignature(Buffer.from(b.raw), b.signature, SECRET)).toBe(true)
  })

  it('is the same plan for the same options', () => {
    const a = planIngest(options)
    const b = planIngest(options)
    expect(b.order).toEqual(a.order)
    expect(b.bodies.map((x) => x.psid)).toEqual(a.bodies.map((x) => x.psid))
    expect(planIngest({ ...options, seed: 99 }).order).not.toEqual(a.order)
  })

  it('refuses impossible options', () => {
    expect(() => planIngest({ ...options, duplicateShare: 1 })).toThrow()
    expect(() => planIngest({ ...options, distinct: 0 })).toThrow()
  })
})
