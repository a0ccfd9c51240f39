import { formatPrice } from './price-format';

describe(formatPrice.name, () => {
  it('prints the money in its own currency in the reader locale', () => {
    expect(formatPrice({ amount: '89.00', currency: 'GBP' }, 'en-GB')).toBe('£89.00');
    expect(formatPrice({ amount: '89.00', currency: 'GBP' }, 'de-DE')).toBe('89,00\u00a0£');
    expect(formatPrice({ amount: '1299.5', currency: 'EUR' }, 'de-DE')).toBe('1.299,50\u00a0€');
    expect(formatPrice({ amount: '89.00', currency: 'USD' }, 'en-GB')).toBe('US$89.00');
  });

  it('keeps no decimals for zero-decimal currencies', () => {
    expect(formatPrice({ amount: '12000', currency: 'JPY' }, 'ja-JP')).toBe('￥12,000');
    expect(formatPrice({ amount: '12000', currency: 'JPY' }, 'en-US')).toBe('¥12,000');
  });

  it('keeps every digit of an amount too large for a float', () => {
    expect(formatPrice({ amount: '12345678901234567.89', currency: 'USD' }, 'en-US')).toBe(
      '$12,345,678,901,234,567.89',
    );
  });

  it('falls back to en-US for a locale Intl rejects', () => {
    expect(formatPrice({ amount: '5.00', currency: 'USD' }, 'not a locale!')).toBe('$5.00');
  });

  it('never throws on a currency code Intl does not know', () => {
    expect(formatPrice({ amount: '5.00', currency: 'NOPE1' }, 'en-GB')).toBe('5.00 NOPE1');
  });
});
