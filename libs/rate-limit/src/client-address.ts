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
