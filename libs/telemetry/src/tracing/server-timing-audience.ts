import { BlockList, isIP } from 'node:net';

/** Whether a caller (by its address, `request.ip`) may see Server-Timing. */
export type ServerTimingAudience = (ip: string | undefined) => boolean;

/**
 * Server-Timing names the services a request called and how each ended: fine for internal
 * networks, not for every phone. `*` lets everyone see it; otherwise only callers whose address is
 * in one of these CIDRs or addresses (none: nobody). Built once, at boot; a malformed entry stops
 * the start.
 */
export function serverTimingAudience(allow: '*' | readonly string[]): ServerTimingAudience {
  if (allow === '*') return () => true;
  const allowed = new BlockList();
  for (const entry of allow) addEntry(allowed, entry);
  return (ip) => {
    if (!ip) return false;
    const family = isIP(ip);
    // An IPv4 rule also matches the IPv4-mapped form (::ffff:a.b.c.d) a dual-stack listener sees.
    return family !== 0 && allowed.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address (a full-length prefix). */
function addEntry(list: BlockList, entry: string): void {
  const [address, prefix] = entry.split('/', 2);
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  const bits = prefix === undefined ? maxBits : Number(prefix);
  const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && bits <= maxBits);
  if (family === 0 || !validPrefix) {
    throw new Error(`SERVER_TIMING_ALLOW: ${entry} is not an address or a CIDR`);
  }
  list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
}
