import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-context';

describe(parseTraceparent.name, () => {
  it('reads the trace id, the caller span id and the flags of a valid header', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it.each([
    undefined,
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    'garbage',
  ])('ignores %p', (header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe(formatTraceparent.name, () => {
  it('writes version 00 with the sampled flag', () => {
    expect(formatTraceparent('a'.repeat(32), 'b'.repeat(16))).toBe(
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    );
    expect(formatTraceparent('a'.repeat(32), 'b'.repeat(16), false)).toMatch(/-00$/);
  });

  it('mints random ids of the W3C sizes, never the same twice', () => {
    const traceIds = new Set(Array.from({ length: 1_000 }, newTraceId));
    const spanIds = new Set(Array.from({ length: 1_000 }, newSpanId));
    expect(traceIds.size).toBe(1_000);
    expect(spanIds.size).toBe(1_000);
    expect([...traceIds].every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect([...spanIds].every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
  });
});
