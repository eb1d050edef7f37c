import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * scrypt cost: N = 2^16 (64 MiB with r = 8), about 0.3 s on one core of a small VM. OWASP's
 * floor for scrypt is N = 2^17 at r = 8; 2^16 keeps a login under a second on a 2-core box
 * while an offline guess still costs 64 MiB of memory. Parameters are stored with each hash,
 * so raising them later re-hashes nothing and old hashes keep verifying.
 */
export const SCRYPT_PARAMS = { N: 2 ** 16, r: 8, p: 1 } as const
const KEY_BYTES = 32
const SALT_BYTES = 16
/** Enough for every password a person types; stops a megabyte "password" costing CPU. */
export const MAX_PASSWORD_LENGTH = 1024
export const MIN_PASSWORD_LENGTH = 10

function scryptAsync(password: string, salt: Buffer, keylen: number, o: ScryptOptions) {
  return new Promise<Buffer>((ok, fail) =>
    scrypt(password, salt, keylen, o, (err, key) => (err ? fail(err) : ok(key))),
  )
}

/** 128·N·r bytes plus headroom: Node refuses by default above 32 MiB. */
const maxmem = (N: number, r: number) => 128 * N * r * 2

/** `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`: self-describing, so verify needs nothing else. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await scryptAsync(password, salt, KEY_BYTES, {
    ...params,
    maxmem: maxmem(params.N, params.r),
  })
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$')
}

/** Compares in constant time; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, saltB64, keyB64] = stored.split('$')
  if (alg !== 'scrypt' || !saltB64 || !keyB64) return false
  const N = Number(n)
  const R = Number(r)
  const P = Number(p)
  if (![N, R, P].every((x) => Number.isInteger(x) && x > 0)) return false
  const expected = Buffer.from(keyB64, 'base64')
  if (expected.length < 16) return false
  const key = await scryptAsync(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: maxmem(N, R),
  })
  return timingSafeEqual(key, expected)
}

/** What is wrong with a new password, in words; undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > MAX_PASSWORD_LENGTH)
    return `the password can have at most ${MAX_PASSWORD_LENGTH} characters`
  return undefined
}
