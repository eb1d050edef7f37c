import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signBody, verifySignature, verifySubscription } from '../src'
import { fixtureBytes } from './fixtures'

const SECRET = 'a3f1c0ffee5ecret'

/** Computed here, apart from the code under test. */
function hmac256(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

describe('signBody', () => {
  it('matches the RFC 4231 HMAC-SHA256 test vector (test case 2)', () => {
    expect(signBody('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
    expect(
      verifySignature(
        Buffer.from('what do ya want for nothing?'),
        'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
        'Jefe',
      ),
    ).toBe(true)
  })

  it('gives the header value Meta sends for a body', () => {
    const body = fixtureBytes('message')
    expect(signBody(body, SECRET)).toBe(`sha256=${hmac256(body, SECRET)}`)
    expect(signBody(body.toString('utf8'), SECRET)).toBe(signBody(body, SECRET))
  })
})

describe('verifySignature', () => {
  const body = fixtureBytes('batch')
  const good = `sha256=${hmac256(body, SECRET)}`

  it('accepts the right X-Hub-Signature-256, in either hex case', () => {
    expect(verifySignature(body, good, SECRET)).toBe(true)
    expect(verifySignature(body, `sha256=${hmac256(body, SECRET).toUpperCase()}`, SECRET)).toBe(
      true,
    )
  })

  it('refuses forged, missing, malformed and wrong-length headers', () => {
    const hex = hmac256(body, SECRET)
    const flipped = `sha256=${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`
    for (const header of [
      undefined,
      '',
      'sha256=',
      hex,
      flipped,
      `sha256=${hmac256(body, 'another secret')}`,
      `sha256=${hex.slice(0, 62)}`,
      `sha256=${hex}00`,
      `sha256=${hex.slice(0, 63)}z`,
      `sha1=${hex}`,
      `SHA256=${hex}x`,
    ])
      expect(verifySignature(body, header, SECRET)).toBe(false)
  })

  it('does not accept the legacy SHA-1 header value', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`
    expect(verifySignature(body, sha1, SECRET)).toBe(false)
  })

  it('refuses a tampered body and an empty secret', () => {
    const tampered = Buffer.from(body)
    tampered[tampered.length - 3] = 0x20
    expect(verifySignature(tampered, good, SECRET)).toBe(false)
    expect(verifySignature(body, `sha256=${hmac256(body, '')}`, '')).toBe(false)
  })

  it('verifies non-ASCII bodies over the raw bytes; re-serialised JSON breaks the signature', () => {
    // Meta escapes non-ASCII characters in the body it signs (§1.4).
    const raw = Buffer.from(
      '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},' +
        '"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_1",' +
        '"text":"Caf\\u00e9 \\u00e0 l\'\\u00e9t\\u00e9 \\ud83d\\ude00"}}]}]}',
      'utf8',
    )
    const header = `sha256=${hmac256(raw, SECRET)}`
    expect(verifySignature(raw, header, SECRET)).toBe(true)

    const parsed = JSON.parse(raw.toString('utf8')) as {
      entry: { messaging: { message: { text: string } }[] }[]
    }
    expect(parsed.entry[0]?.messaging[0]?.message.text).toBe("Café à l'été 😀")
    const reserialised = Buffer.from(JSON.stringify(parsed), 'utf8')
    expect(reserialised.equals(raw)).toBe(false)
    expect(verifySignature(reserialised, header, SECRET)).toBe(false)
  })

  it('verifies raw UTF-8 bytes (accents, emoji) and refuses them decoded as latin1', () => {
    const raw = fixtureBytes('message') // holds "¿Tenéis cita el jueves? 😊" unescaped
    const header = `sha256=${hmac256(raw, SECRET)}`
    expect(verifySignature(raw, header, SECRET)).toBe(true)
    expect(verifySignature(Buffer.from(raw.toString('latin1'), 'utf8'), header, SECRET)).toBe(false)
  })
})

describe('verifySubscription', () => {
  const query = {
    'hub.mode': 'subscribe',
    'hub.verify_token': 'my-verify-token',
    'hub.challenge': '1158201444',
  }

  it('echoes the challenge when the mode and token match', () => {
    expect(verifySubscription(query, 'my-verify-token')).toStrictEqual({
      ok: true,
      challenge: '1158201444',
    })
  })

  it('refuses a wrong token, a wrong mode, missing parameters and odd challenges', () => {
    expect(verifySubscription(query, 'other-token')).toStrictEqual({ ok: false })
    expect(verifySubscription(query, 'my-verify-token-longer')).toStrictEqual({ ok: false })
    expect(verifySubscription(query, '')).toStrictEqual({ ok: false })
    expect(verifySubscription({ ...query, 'hub.mode': 'unsubscribe' }, 'my-verify-token')).toEqual({
      ok: false,
    })
    expect(verifySubscription({ ...query, 'hub.challenge': undefined }, 'my-verify-token')).toEqual(
      { ok: false },
    )
    expect(verifySubscription({ ...query, 'hub.challenge': '' }, 'my-verify-token')).toEqual({
      ok: false,
    })
    expect(
      verifySubscription({ ...query, 'hub.challenge': '<script>1</script>' }, 'my-verify-token'),
    ).toEqual({ ok: false })
    expect(
      verifySubscription({ ...query, 'hub.verify_token': ['my-verify-token'] }, 'my-verify-token'),
    ).toEqual({ ok: false })
    expect(verifySubscription({}, 'my-verify-token')).toEqual({ ok: false })
  })
})
