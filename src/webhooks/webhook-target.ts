/**
 * Where a webhook may go: http(s) only, and not to loopback, private, link-local or other
 * internal addresses (a shop must not use Ordo to reach the internal network), unless
 * ORDO_WEBHOOKS_ALLOW_PRIVATE=1. Names are checked when they are resolved for the
 * connection itself, so a name that changes its address later is caught too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { DomainError } from '../http/errors.ts'

const internal = new BlockList()
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  internal.addSubnet(net, bits, 'ipv4')
}

// IPv6: only global unicast (2000::/3) is public, and within it not the ranges that carry an
// IPv4 address or are reserved (6to4, Teredo, ORCHID, documentation). Everything outside,
// such as ::127.0.0.1 (IPv4-compatible) or 64:ff9b::127.0.0.1 (NAT64), is refused.
const globalUnicast = new BlockList()
globalUnicast.addSubnet('2000::', 3, 'ipv6')
const reservedInGlobal = new BlockList()
for (const [net, bits] of [['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['3fff::', 20]] as const) reservedInGlobal.addSubnet(net, bits, 'ipv6')
const ipv4Mapped = new BlockList()
ipv4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6')

export function isInternalAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return true
  if (family === 4) return internal.check(address, 'ipv4')
  if (ipv4Mapped.check(address, 'ipv6')) return internal.check(embeddedIpv4(address), 'ipv4')
  return !globalUnicast.check(address, 'ipv6') || reservedInGlobal.check(address, 'ipv6')
}

/** The IPv4 address in the last 32 bits of an IPv6 address (::ffff:7f00:1 or ::ffff:127.0.0.1). */
function embeddedIpv4(address: string): string {
  const dotted = address.match(/(\d+\.\d+\.\d+\.\d+)$/)
  if (dotted) return dotted[1]
  const groups = address.split(':').slice(-2).map((g) => parseInt(g || '0', 16))
  return [groups[0] >> 8, groups[0] & 255, groups[1] >> 8, groups[1] & 255].join('.')
}

/** Refuses what can be refused without resolving: other schemes, localhost, internal literal addresses. */
export function checkTarget(raw: string, allowPrivate: boolean): URL {
  let url: URL
  try { url = new URL(raw) } catch { throw new DomainError('webhook_target_refused', `Not a URL: ${raw}`) }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DomainError('webhook_target_refused', 'Only http and https targets are allowed')
  if (url.username || url.password) throw new DomainError('webhook_target_refused', 'Put no credentials in the URL; verify the signature instead')
  if (allowPrivate) return url
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isInternalAddress(host))) {
    throw new DomainError('webhook_target_refused', `${host} is a loopback or private address`)
  }
  return url
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A `lookup` for http.request that refuses names resolving to internal addresses. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const refused = allowPrivate ? undefined : addresses.find((a) => isInternalAddress(a.address))
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to the internal address ${refused.address}`), { code: 'EREFUSED_TARGET' }), [])
      if (options.all) return callback(null, addresses)
      callback(null, addresses[0].address, addresses[0].family)
    })
  }
}
