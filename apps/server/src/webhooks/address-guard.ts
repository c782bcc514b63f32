import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard (API.md, Webhooks): a receiver must be on the public internet. Only addresses that ipaddr.js
 * classes as plain `unicast` pass; that refuses loopback (127/8, ::1), private (10/8, 172.16/12,
 * 192.168/16), link-local (169.254/16 with the cloud metadata address, fe80::/10), unique-local (fc00::/7,
 * fd00:ec2::254 among them), carrier-grade NAT (100.64/10, 100.100.100.200), "this network" (0/8), multicast,
 * broadcast and the reserved and translation ranges. An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is
 * judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** Why a URL may not be delivered to, or undefined when every address its host resolves to is public. */
export async function refusedDestination(
  url: string,
  options: { allowPrivateNetworks: boolean; lookup?: typeof lookupAll },
): Promise<string | undefined> {
  if (options.allowPrivateNetworks) return undefined;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = await (options.lookup ?? lookupAll)(host);
  } catch {
    return `its host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `its host ${host} does not resolve`;
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused === undefined
    ? undefined
    : `resolves to ${refused}, a loopback, private, link-local or metadata address`;
}

export async function lookupAll(host: string): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for the socket's connect (undici's `connect.lookup`): the name is resolved again at connect
 * and refused when any address it resolves to is not public, so a DNS answer that changed since the URL
 * was checked (DNS rebinding) cannot reach an internal address.
 */
export function guardedLookup(resolve: (host: string) => Promise<LookupAddress[]> = resolveEntries): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (entries) => {
        const refused = entries.find((entry) => !isPublicAddress(entry.address));
        if (entries.length === 0 || refused) {
          const error: NodeJS.ErrnoException = new Error(
            `refused to connect to ${hostname}: ${refused ? `${refused.address} is not a public address` : 'no address'}`,
          );
          error.code = 'EPRIVATEADDRESS';
          callback(error, '');
          return;
        }
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

async function resolveEntries(host: string): Promise<LookupAddress[]> {
  if (ipaddr.isValid(host)) return [{ address: host, family: host.includes(':') ? 6 : 4 }];
  return dnsLookup(host, { all: true, verbatim: true });
}
