import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an anonymous client is counted by: its IPv4 address, or the /64 network of its IPv6
 * address (one subscriber or host usually holds a whole /64, so counting single IPv6 addresses
 * would let it rotate through billions of them). An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
 * is the IPv4 client it stands for. Anything unparsable is counted as given.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const bare = ip.split('%', 1)[0]; // a zone index (fe80::1%eth0) names our interface, not theirs
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return ip;
  const hextets = hextetsOf(bare.toLowerCase());
  if (hextets.slice(0, 5).every((hextet) => hextet === 0) && hextets[5] === 0xffff) {
    return [hextets[6] >> 8, hextets[6] & 0xff, hextets[7] >> 8, hextets[7] & 0xff].join('.');
  }
  return `${hextets
    .slice(0, 4)
    .map((hextet) => hextet.toString(16))
    .join(':')}::/64`;
}

/**
 * An address as the audit log may show it: its IPv4 /24 or IPv6 /48 network (an IPv4-mapped
 * address as its IPv4 /24), enough to see where a flood comes from, not who sent it.
 */
export function truncatedAddress(ip: string | undefined): string {
  const bare = ip?.split('%', 1)[0] ?? '';
  if (isIPv4(bare)) return `${bare.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(bare)) return 'unknown';
  const mapped = clientAddressKey(bare);
  if (isIPv4(mapped)) return truncatedAddress(mapped);
  const network = hextetsOf(bare.toLowerCase()).slice(0, 3);
  return `${network.map((hextet) => hextet.toString(16)).join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function hextetsOf(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}
