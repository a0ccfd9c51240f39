import { clientAddressKey, truncatedAddress } from './client-address';

describe(clientAddressKey.name, () => {
  it.each([
    ['an IPv4 address as is', '203.0.113.7', '203.0.113.7'],
    ['an IPv4-mapped IPv6 address as its IPv4 address', '::ffff:203.0.113.7', '203.0.113.7'],
    ['an IPv4-mapped address in hex form too', '::ffff:cb00:7107', '203.0.113.7'],
    ['the full form of an IPv4-mapped address', '0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    [
      'an IPv6 address by its /64',
      '2001:db8:85a3:8d3:1319:8a2e:370:7348',
      '2001:db8:85a3:8d3::/64',
    ],
    ['a compressed IPv6 address by its /64', '2001:db8::1', '2001:db8:0:0::/64'],
    ['a compression inside the first four groups', '2001:db8::8d3:0:0:1', '2001:db8:0:0::/64'],
    ['upper case and leading zeros alike', '2001:0DB8:0000:00AB::1', '2001:db8:0:ab::/64'],
    ['the IPv6 loopback', '::1', '0:0:0:0::/64'],
    ['the unspecified address', '::', '0:0:0:0::/64'],
    ['a link-local address without its zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['a non-mapped dotted tail by its /64', '64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['nothing as unknown', undefined, 'unknown'],
    ['an unparsable value as given', 'not-an-ip', 'not-an-ip'],
  ])('keys %s', (_, ip, expected) => {
    expect(clientAddressKey(ip)).toBe(expected);
  });

  it('counts every address of one /64 as one client, and the next /64 as another', () => {
    const keys = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:db8:1:2:abcd::42',
      '2001:0db8:0001:0002:0000:0000:0000:0001',
    ].map(clientAddressKey);
    expect(new Set(keys)).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(keys[0]);
  });
});

describe(truncatedAddress.name, () => {
  it.each([
    ['an IPv4 address by its /24', '203.0.113.7', '203.0.113.0/24'],
    ['an IPv4-mapped IPv6 address by its IPv4 /24', '::ffff:203.0.113.7', '203.0.113.0/24'],
    ['an IPv6 address by its /48', '2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['a compressed IPv6 address by its /48', '2001:db8::1', '2001:db8:0::/48'],
    ['a link-local address without its zone', 'fe80::1%eth0', 'fe80:0:0::/48'],
    ['nothing as unknown', undefined, 'unknown'],
    ['an unparsable value as unknown, never as given', 'not-an-ip', 'unknown'],
  ])('shows %s', (_, ip, expected) => {
    expect(truncatedAddress(ip)).toBe(expected);
  });
});
