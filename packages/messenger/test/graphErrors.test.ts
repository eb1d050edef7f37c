import { describe, expect, it } from 'vitest'
import { classifyGraphError, type GraphErrorKind } from '../src'

const envelope = (code: number, subcode?: number, message = 'msg') => ({
  error: {
    message,
    type: 'OAuthException',
    code,
    ...(subcode !== undefined ? { error_subcode: subcode } : {}),
    fbtrace_id: 'BLBz/WZt8dN',
  },
})

describe('classifyGraphError', () => {
  const table: [status: number, code: number, subcode: number | undefined, kind: GraphErrorKind][] =
    [
      [500, 1200, undefined, 'retryable'],
      [500, 1, undefined, 'retryable'],
      [500, 2, undefined, 'retryable'],
      [400, 4, undefined, 'retryable'],
      [400, 4, 2018022, 'retryable'],
      [400, 9, 2018352, 'retryable'],
      [400, 17, undefined, 'retryable'],
      [400, 32, undefined, 'retryable'],
      [400, 613, undefined, 'retryable'],
      [400, 80006, undefined, 'retryable'],
      [400, 190, undefined, 'token'],
      [400, 190, 463, 'token'],
      [400, 190, 460, 'token'],
      [400, 102, undefined, 'token'],
      [400, 200, 467, 'token'],
      [400, 551, undefined, 'unreachable'],
      [400, 551, 1545041, 'unreachable'],
      [403, 200, 1545041, 'unreachable'],
      [400, 10, 2018278, 'window'],
      [400, 10, 2018108, 'window'],
      [400, 10, 2018065, 'window'],
      [400, 10, 2018300, 'terminal'],
      [400, 10, undefined, 'terminal'],
      [400, 100, undefined, 'terminal'],
      [400, 100, 2018001, 'terminal'],
      [400, 100, 2018109, 'terminal'],
      [400, 4, 2018354, 'terminal'],
      [403, 200, 2018028, 'terminal'],
      [403, 230, undefined, 'terminal'],
      [400, 368, undefined, 'terminal'],
      [400, 10900, undefined, 'terminal'],
      [400, 10903, undefined, 'terminal'],
      [400, 2022, undefined, 'terminal'],
      [400, 100, 2018218, 'terminal'],
      // Unknown codes fall back to the HTTP status.
      [400, 12345, undefined, 'terminal'],
      [503, 12345, undefined, 'retryable'],
    ]
  it.each(table)('HTTP %i, code %i/%s → %s', (status, code, subcode, kind) => {
    expect(classifyGraphError(status, envelope(code, subcode))).toMatchObject({
      kind,
      code,
      ...(subcode !== undefined ? { subcode } : {}),
      fbtraceId: 'BLBz/WZt8dN',
      status,
    })
  })

  it('keeps the message with its type', () => {
    expect(
      classifyGraphError(400, envelope(190, undefined, 'Error validating access token')),
    ).toStrictEqual({
      kind: 'token',
      code: 190,
      message: '(OAuthException) Error validating access token',
      fbtraceId: 'BLBz/WZt8dN',
      status: 400,
    })
  })

  it('an oversized attachment in the code-4 group is terminal', () => {
    expect(
      classifyGraphError(400, envelope(4, undefined, 'Attachment size exceeds allowable limit')),
    ).toMatchObject({ kind: 'terminal' })
  })

  it('bodies without an envelope go by status; is_transient makes unknown codes retryable', () => {
    expect(classifyGraphError(500, '<html>oops</html>')).toMatchObject({
      kind: 'retryable',
      status: 500,
    })
    expect(classifyGraphError(502, undefined)).toMatchObject({ kind: 'retryable' })
    expect(classifyGraphError(429, {})).toMatchObject({ kind: 'retryable' })
    expect(classifyGraphError(404, { nope: 1 })).toMatchObject({ kind: 'terminal', status: 404 })
    expect(classifyGraphError(0, undefined)).toStrictEqual({
      kind: 'retryable',
      message: 'no response',
    })
    expect(
      classifyGraphError(400, { error: { code: 777, message: 'x', is_transient: true } }),
    ).toMatchObject({ kind: 'retryable', code: 777 })
    expect(classifyGraphError(400, { error: { code: '613', error_subcode: null } })).toMatchObject({
      kind: 'retryable',
      code: 613,
    })
  })

  it('reads how long to wait from the usage headers', () => {
    const headers = {
      'x-business-use-case-usage': JSON.stringify({
        '112233445566778': [
          { type: 'messenger', call_count: 100, estimated_time_to_regain_access: 3 },
        ],
      }),
    }
    expect(classifyGraphError(400, envelope(613), headers)).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 180_000,
    })
    expect(classifyGraphError(503, undefined, { 'retry-after': '7' })).toMatchObject({
      retryAfterMs: 7000,
    })
    expect(
      classifyGraphError(400, envelope(613), { 'x-business-use-case-usage': '{' }),
    ).not.toHaveProperty('retryAfterMs')
    // Only retryable errors say when to retry.
    expect(classifyGraphError(400, envelope(190), headers)).not.toHaveProperty('retryAfterMs')
  })
})
