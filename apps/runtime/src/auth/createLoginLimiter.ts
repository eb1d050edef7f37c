/**
 * Failed logins counted per client address and per account, in this process's memory: enough
 * for one runtime process (the supported SQLite deployment). Several processes behind a load
 * balancer would each count on their own, multiplying the allowance by their number.
 */
export interface LoginLimiter {
  /** Seconds to wait when either key is over its limit; 0 when a try is allowed. */
  retryAfter(ip: string, account: string): number
  failed(ip: string, account: string): void
  /** A good password clears the account's count (not the address's: it may be guessing others). */
  succeeded(account: string): void
}

export interface LoginLimits {
  /** Failures allowed per account in the window. */
  perAccount: number
  /** Failures allowed per client address in the window (higher: offices share an address). */
  perIp: number
  windowMs: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perIp: 20,
  windowMs: 15 * 60_000,
}

/** At most this many keys are remembered; the oldest go first (memory stays bounded). */
const MAX_KEYS = 10_000

export function createLoginLimiter(
  now: () => number,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): LoginLimiter {
  const failures = new Map<string, number[]>()

  const recent = (key: string): number[] => {
    const since = now() - limits.windowMs
    const list = (failures.get(key) ?? []).filter((t) => t > since)
    if (list.length) failures.set(key, list)
    else failures.delete(key)
    return list
  }
  const waitFor = (key: string, max: number): number => {
    const list = recent(key)
    if (list.length < max) return 0
    // Allowed again when the oldest failure that counts leaves the window.
    const oldest = list[list.length - max] ?? now()
    return Math.max(1, Math.ceil((oldest + limits.windowMs - now()) / 1000))
  }
  const add = (key: string) => {
    const list = recent(key)
    list.push(now())
    failures.delete(key)
    failures.set(key, list)
    if (failures.size > MAX_KEYS) {
      const first = failures.keys().next().value
      if (first !== undefined) failures.delete(first)
    }
  }

  return {
    retryAfter: (ip, account) =>
      Math.max(waitFor(`ip:${ip}`, limits.perIp), waitFor(`account:${account}`, limits.perAccount)),
    failed(ip, account) {
      add(`ip:${ip}`)
      add(`account:${account}`)
    },
    succeeded(account) {
      failures.delete(`account:${account}`)
    },
  }
}
