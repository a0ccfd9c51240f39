import { IMAGE, MONEY, TIMESTAMP } from './common';
import { payloadReader } from './schema';

const readMoney = payloadReader(MONEY);
const readImage = payloadReader(IMAGE);
const readTimestamp = payloadReader<string>(TIMESTAMP);

describe('money', () => {
  it.each([
    ['89.00', 'GBP'],
    ['12000', 'JPY'],
    ['1249.90', 'CHF'],
    ['0.5', 'EUR'],
    ['-15.00', 'EUR'],
    ['123456789012345678.99', 'USD'],
  ])('accepts %s %s', (amount, currency) => {
    expect(readMoney({ amount, currency })).toEqual({ amount, currency });
  });

  it('keeps the decimal string as sent and leaves everything else out', () => {
    const money = { minorUnits: 8990, currency: 'EUR', formatted: '89,90 €', amount: '89.90' };
    const kept = readMoney(money);
    expect(kept).toEqual({ amount: '89.90', currency: 'EUR' });
    expect(kept).not.toBe(money);
    expect(money).toEqual({
      minorUnits: 8990,
      currency: 'EUR',
      formatted: '89,90 €',
      amount: '89.90',
    });
  });

  it.each<[string, unknown]>([
    ['a numeric amount (89)', { amount: 89, currency: 'GBP' }],
    ['a decimal comma', { amount: '89,00', currency: 'EUR' }],
    ['an exponent', { amount: '1e3', currency: 'USD' }],
    ['a leading space', { amount: ' 89.00', currency: 'USD' }],
    ['a trailing dot', { amount: '89.', currency: 'USD' }],
    ['no integer part', { amount: '.50', currency: 'USD' }],
    ['an empty amount', { amount: '', currency: 'USD' }],
    ['NaN', { amount: 'NaN', currency: 'USD' }],
    ['Infinity', { amount: 'Infinity', currency: 'USD' }],
    ['a currency symbol inside the amount', { amount: '£89.00', currency: 'GBP' }],
    ['a lower-case currency ("gbp")', { amount: '89.00', currency: 'gbp' }],
    ['a two-letter currency', { amount: '89.00', currency: 'GB' }],
    ['a four-letter currency', { amount: '89.00', currency: 'GBPX' }],
    ['a numeric ISO 4217 code', { amount: '89.00', currency: 826 }],
    ['a missing currency', { amount: '89.00' }],
    ['a missing amount', { currency: 'GBP' }],
    ['null', null],
    ['a bare amount string', '89.00'],
  ])('refuses %s', (_case, money) => {
    expect(readMoney(money)).toBeUndefined();
  });
});

describe('image', () => {
  it('keeps the url and the variants, and leaves the other image fields out', () => {
    const image = {
      alt: 'front',
      width: 2048,
      storageBucket: 'media-private',
      variants: { w160: 'https://i.example/160', w640: 'https://i.example/640' },
      url: 'https://i.example/o',
    };
    const kept = readImage(image);
    expect(kept).toEqual({
      url: 'https://i.example/o',
      variants: { w160: 'https://i.example/160', w640: 'https://i.example/640' },
    });
    expect(kept).not.toBe(image);
    expect(kept?.variants).not.toBe(image.variants);
    expect(image).toEqual({
      alt: 'front',
      width: 2048,
      storageBucket: 'media-private',
      variants: { w160: 'https://i.example/160', w640: 'https://i.example/640' },
      url: 'https://i.example/o',
    });
  });

  it('accepts an image without variants, or with null or empty variants', () => {
    expect(readImage({ url: 'https://i.example/o' })).toEqual({ url: 'https://i.example/o' });
    expect(readImage({ url: 'https://i.example/o', variants: null })).toEqual({
      url: 'https://i.example/o',
      variants: null,
    });
    expect(readImage({ url: 'https://i.example/o', variants: {} })).toEqual({
      url: 'https://i.example/o',
      variants: {},
    });
  });

  it('accepts widths other than the five listed ones (the picker chooses among what is there)', () => {
    expect(readImage({ url: 'u', variants: { w1080: 'https://i.example/1080' } })).toEqual({
      url: 'u',
      variants: { w1080: 'https://i.example/1080' },
    });
  });

  it('leaves unknown keys inside variants out', () => {
    const image = {
      url: 'https://i.example/o',
      variants: {
        w160: 'https://i.example/160',
        internalOrigin: 's3://private/raw.tiff',
        w: 'https://i.example/w',
        W320: 'https://i.example/W320',
        w480x: 'https://i.example/480x',
        xw640: 'https://i.example/x640',
      },
    };
    expect(readImage(image)?.variants).toEqual({ w160: 'https://i.example/160' });
    expect(image.variants).toHaveProperty('internalOrigin', 's3://private/raw.tiff');
  });

  it.each<[string, unknown]>([
    ['a missing url', { variants: { w160: 'https://i.example/160' } }],
    ['a numeric url', { url: 42 }],
    ['a variant that is not a string', { url: 'u', variants: { w320: { href: 'x' } } }],
    ['a null variant', { url: 'u', variants: { w320: null } }],
    ['variants given as a list', { url: 'u', variants: ['https://i.example/160'] }],
    ['a bare URL', 'https://i.example/o'],
  ])('refuses %s', (_case, image) => {
    expect(readImage(image)).toBeUndefined();
  });
});

describe('timestamp', () => {
  it('carries an ISO 8601 string through as written', () => {
    expect(readTimestamp('2031-04-06T19:02:11Z')).toBe('2031-04-06T19:02:11Z');
    expect(readTimestamp('2031-04-06T19:02:11.123+00:00')).toBe('2031-04-06T19:02:11.123+00:00');
  });

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['epoch seconds', 1933441331],
    ['null', null],
  ])('refuses %s', (_case, value) => {
    expect(readTimestamp(value)).toBeUndefined();
  });
});
