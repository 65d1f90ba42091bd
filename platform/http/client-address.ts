import type http from 'node:http';
import net from 'node:net';
import proxyAddr from 'proxy-addr';
import { ConfigError } from '../env-values.js';

/**
 * Which proxies in front of a service are trusted to say who the client is (TRUST_PROXY):
 * - `false`: none; the client is the socket's peer, X-Forwarded-For is ignored;
 * - a number N: the N nearest hops (the socket's peer is the first) are proxies of ours;
 * - addresses: the proxies are these addresses or networks (`10.0.0.0/8`, `::1`, and proxy-addr's
 *   names `loopback`, `linklocal`, `uniquelocal`).
 * The client address is then the one the nearest trusted proxy saw: X-Forwarded-For is read from
 * the right, and the first entry not written by a trusted proxy is the client. The leftmost entry
 * is whatever the client wrote and is never taken on trust.
 */
export type TrustProxy = false | number | readonly string[];

/**
 * What `TRUST_PROXY=true` means: a proxy on this machine (loopback: 127.0.0.0/8, ::1). Nothing
 * wider, because every host of a trusted network can write its own X-Forwarded-For: a proxy on
 * another host is named by its address or network, or by the hop count.
 */
export const TRUST_PROXY_TRUE: readonly string[] = ['loopback'];

/** An address as a key: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4, at most 64 characters. */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).slice(0, 64);
}

/** TRUST_PROXY: `false` (default), `true`, a hop count, or a comma-separated list of addresses/networks. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || /^(false|off|no)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return TRUST_PROXY_TRUE;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 100) throw new ConfigError(`TRUST_PROXY must be true, false, a hop count up to 100 or addresses, got "${value}"`);
    return hops === 0 ? false : hops;
  }
  const addresses = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  try {
    proxyAddr.compile(addresses);
  } catch (error) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a hop count or addresses/networks such as 10.0.0.5,10.1.0.0/16,loopback: ${(error as Error).message}`,
    );
  }
  return addresses;
}

export type TrustFunction = (address: string, hop: number) => boolean;

export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile([...trust]);
}

/** Whether the socket's peer is a trusted proxy (it then speaks for many clients). */
export function isTrustedPeer(trust: TrustFunction, remoteAddress: string | undefined): boolean {
  return remoteAddress !== undefined && trust(remoteAddress, 0);
}

/**
 * The client's address as the nearest trusted proxy saw it (the socket's peer without one). An
 * entry that is not an address at all (a hop count larger than the real chain lets the client's
 * own text through) gives way to the nearest trusted hop's address.
 */
export function clientAddress(req: http.IncomingMessage, trust: TrustFunction): string {
  if (!req.socket.remoteAddress) return 'unknown';
  const chain = proxyAddr.all(req, trust);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (net.isIP(chain[i]!)) return normaliseAddress(chain[i]);
  }
  return normaliseAddress(req.socket.remoteAddress);
}
