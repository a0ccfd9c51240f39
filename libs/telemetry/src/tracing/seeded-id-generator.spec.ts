import { SeededIdGenerator } from './seeded-id-generator';

describe(SeededIdGenerator.name, () => {
  it('hands out the seeded trace id only inside withTraceId', () => {
    const ids = new SeededIdGenerator();
    const seed = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(ids.withTraceId(seed, () => ids.generateTraceId())).toBe(seed);
    expect(ids.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.generateTraceId()).not.toBe(seed);
    expect(ids.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('forgets the seed even when starting the span throws', () => {
    const ids = new SeededIdGenerator();
    expect(() =>
      ids.withTraceId('4bf92f3577b34da6a3ce929d0e0e4736', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ids.generateTraceId()).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
