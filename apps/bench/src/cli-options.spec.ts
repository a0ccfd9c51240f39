import { parseBenchOptions } from './cli-options';

describe('parseBenchOptions --workers', () => {
  it('measures a single BFF process unless asked for more', () => {
    expect(parseBenchOptions([])?.workers).toBe(1);
    expect(parseBenchOptions(['--workers', '2'])?.workers).toBe(2);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => parseBenchOptions(['--workers', '0'])).toThrow('--workers must be an integer ≥ 1');
    expect(() => parseBenchOptions(['--workers', 'auto'])).toThrow('--workers');
  });
});
