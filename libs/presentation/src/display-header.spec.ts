import { AppError, ValidationFailedError } from '@app/errors';
import { DisplayHeader } from './display-header';

/** Both platforms' headers as the mobile contract defines them (values → image factor). */
const scale = new DisplayHeader('X-Display-Scale', { '1': 1, '2': 2, '3': 3 }, '3');
const density = new DisplayHeader(
  'X-Display-Density',
  { mdpi: 1, hdpi: 1.5, xhdpi: 2, xxhdpi: 3, xxxhdpi: 4 },
  'xxhdpi',
);

function refusalOf(header: DisplayHeader, value: string | string[] | undefined): AppError {
  try {
    header.choose(value);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe(DisplayHeader.name, () => {
  it('reads the header under the lower-case key Node gives request headers', () => {
    expect(scale.key).toBe('x-display-scale');
    expect(density.key).toBe('x-display-density');
    expect(density.name).toBe('X-Display-Density');
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['3', 3],
  ])('iOS scale %s is factor %s', (value, factor) => {
    expect(scale.choose(value)).toEqual({ choice: value, factor });
  });

  it.each([
    ['mdpi', 1],
    ['hdpi', 1.5],
    ['xhdpi', 2],
    ['xxhdpi', 3],
    ['xxxhdpi', 4],
  ])('Android density %s is factor %s', (value, factor) => {
    expect(density.choose(value)).toEqual({ choice: value, factor });
  });

  it('takes the platform default when the header is absent', () => {
    expect(scale.choose(undefined)).toEqual({ choice: '3', factor: 3 });
    expect(density.choose(undefined)).toEqual({ choice: 'xxhdpi', factor: 3 });
  });

  it.each<[string, DisplayHeader, string | string[]]>([
    ['an unknown scale', scale, '4'],
    ['a fractional scale', scale, '2.0'],
    ['an empty header', scale, ''],
    ['a scale with spaces', scale, ' 2'],
    ['an upper-case density', density, 'XHDPI'],
    ['an unknown density', density, 'ldpi'],
    ['a name inherited by every object', density, 'toString'],
    ['a prototype key', density, '__proto__'],
    ['a header sent twice (same value)', scale, ['2', '2']],
    ['a header sent twice (two values)', density, ['hdpi', 'xhdpi']],
  ])('refuses %s with a 400 naming the header, never the default', (_case, header, value) => {
    const error = refusalOf(header, value);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ field: header.name, issue: expect.any(String) }]);
  });

  it('tells the client which values it may send', () => {
    expect(refusalOf(density, 'tvdpi').details).toEqual([
      { field: 'X-Display-Density', issue: 'must be one of mdpi, hdpi, xhdpi, xxhdpi, xxxhdpi' },
    ]);
    expect(refusalOf(scale, '0').details).toEqual([
      { field: 'X-Display-Scale', issue: 'must be one of 1, 2, 3' },
    ]);
  });

  it('documents the header as optional, with its values and its default', () => {
    expect(density.apiHeader('Picks image sizes')).toEqual({
      name: 'X-Display-Density',
      required: false,
      enum: ['mdpi', 'hdpi', 'xhdpi', 'xxhdpi', 'xxxhdpi'],
      description: 'Picks image sizes (default xxhdpi)',
    });
  });
});
