import { isIP } from 'node:net'

/**
 * Whether an IP address is on the public internet. Loopback, private, link-local (including
 * the cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, reserved and
 * unspecified ranges are not, nor IPv6 forms that embed one (::ffff:127.0.0.1, NAT64, 6to4).
 */
export function isPublicAddress(address: string): boolean {
  const kind = isIP(address)
  if (kind === 4) return isPublicV4(v4Octets(address))
  if (kind === 6) return isPublicV6(address)
  return false
}

function v4Octets(address: string): number[] {
  return address.split('.').map(Number)
}

function isPublicV4([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false
  if (a === 100 && b >= 64 && b <= 127) return false
  if (a === 169 && b === 254) return false
  if (a === 172 && b >= 16 && b <= 31) return false
  if (a === 192 && b === 168) return false
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false
  if (a === 198 && (b === 18 || b === 19)) return false
  if (a === 198 && b === 51 && c === 100) return false
  if (a === 203 && b === 0 && c === 113) return false
  if (a >= 224) return false
  return true
}

function isPublicV6(address: string): boolean {
  const words = expandV6(address)
  if (!words) return false
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words
  const embedded = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255]
  if (words.every((w) => w === 0)) return false // ::
  if (words.slice(0, 7).every((w) => w === 0) && w7 === 1) return false // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judge the IPv4 inside.
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0 && (w5 === 0xffff || w5 === 0))
    return isPublicV4(embedded(w6, w7))
  if (w0 === 0x64 && w1 === 0xff9b) return isPublicV4(embedded(w6, w7)) // NAT64
  if (w0 === 0x2002) return isPublicV4(embedded(w1, w2)) // 6to4
  if ((w0 & 0xfe00) === 0xfc00) return false // unique local fc00::/7
  if ((w0 & 0xffc0) === 0xfe80) return false // link-local fe80::/10
  if ((w0 & 0xff00) === 0xff00) return false // multicast
  if (w0 === 0x2001 && w1 === 0x0db8) return false // documentation
  return true
}

function expandV6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '')
  // A trailing dotted IPv4 becomes two hex words.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4Octets(v4[1])
    text =
      text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail === undefined ? [] : tail ? tail.split(':') : []
  const fill = tail === undefined ? 0 : 8 - h.length - t.length
  const words = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t].map((w) =>
    parseInt(w, 16),
  )
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff)
    ? words
    : undefined
}
