import { describe, expect, it } from 'vitest'
import type { MessageTag } from '@charla/flow-schema'
import { decideMessaging } from '../src'

const H = 60 * 60 * 1000
const now = 1_700_000_000_000

describe('decideMessaging', () => {
  it('inside the 24-hour window: RESPONSE, no tag even if one is given', () => {
    expect(decideMessaging({ lastInteractionAt: now - H, now })).toStrictEqual({
      ok: true,
      messaging_type: 'RESPONSE',
    })
    expect(
      decideMessaging({ lastInteractionAt: now - 23 * H, now, tag: 'POST_PURCHASE_UPDATE' }),
    ).toStrictEqual({ ok: true, messaging_type: 'RESPONSE' })
  })

  it('the window is open up to, not at, 24 hours', () => {
    expect(decideMessaging({ lastInteractionAt: now - 24 * H + 1, now })).toMatchObject({
      ok: true,
      messaging_type: 'RESPONSE',
    })
    expect(decideMessaging({ lastInteractionAt: now - 24 * H, now })).toMatchObject({
      ok: false,
      code: 'outside_window',
    })
  })

  it('outside with a tag: MESSAGE_TAG', () => {
    for (const tag of ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE'] as const)
      expect(decideMessaging({ lastInteractionAt: now - 48 * H, now, tag })).toStrictEqual({
        ok: true,
        messaging_type: 'MESSAGE_TAG',
        tag,
      })
  })

  it('outside without a tag: not sendable, and says why', () => {
    const d = decideMessaging({ lastInteractionAt: now - 72 * H, now })
    expect(d).toMatchObject({ ok: false, code: 'outside_window' })
    expect(d.ok ? '' : d.reason).toMatch(
      /^outside the 24-hour window and the message has no tag \(last interaction 3 days ago\)/,
    )
    expect(decideMessaging({ now })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('the person has not written yet'),
    })
  })

  it('never lets a bot use HUMAN_AGENT or an unknown tag', () => {
    for (const tag of ['HUMAN_AGENT', 'CUSTOMER_FEEDBACK', 'SHIPPING_UPDATE'])
      expect(
        decideMessaging({ lastInteractionAt: now - 30 * H, now, tag: tag as MessageTag }),
      ).toMatchObject({ ok: false, code: 'invalid_tag' })
  })

  it('a private reply is allowed within 7 days of the comment, whatever the 24-hour window', () => {
    expect(
      decideMessaging({ lastInteractionAt: now - 6 * 24 * H, now, privateReply: true }),
    ).toStrictEqual({ ok: true, messaging_type: 'RESPONSE' })
    expect(
      decideMessaging({ lastInteractionAt: now - 7 * 24 * H + 1, now, privateReply: true }),
    ).toMatchObject({ ok: true })
    expect(
      decideMessaging({ lastInteractionAt: now - 7 * 24 * H, now, privateReply: true }),
    ).toMatchObject({ ok: false, code: 'private_reply_expired' })
    expect(
      decideMessaging({
        lastInteractionAt: now - 8 * 24 * H,
        now,
        privateReply: true,
        tag: 'ACCOUNT_UPDATE',
      }),
    ).toMatchObject({ ok: false, code: 'private_reply_expired' })
    expect(decideMessaging({ now, privateReply: true })).toMatchObject({ ok: false })
  })

  it('a last interaction in the future (clock skew) counts as inside', () => {
    expect(decideMessaging({ lastInteractionAt: now + 5000, now })).toMatchObject({ ok: true })
  })
})
