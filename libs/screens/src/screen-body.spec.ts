import { etagOf } from './etag';
import { screenJson, serializeScreen } from './screen-body';

const STORED_TRACE = '11111111111111111111111111111111';
const REQUEST_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function screen(traceId = STORED_TRACE, generatedAt = '2031-06-01T10:00:00.000Z') {
  return {
    recommendations: [
      {
        productId: 'ch-41',
        title: 'Fondue-Set « Gruyère »',
        thumbnailUrl: null,
        priceFormatted: '1\u202f249.90\u00a0CHF',
      },
    ],
    meta: {
      traceId,
      generatedAt,
      degraded: true,
      degradedSections: ['unreadNotifications'],
    },
    user: { userId: 'fr-ch-2208', displayName: 'Léa "LB" Blanc', avatarUrl: null },
    unreadNotifications: null,
  };
}

describe(serializeScreen.name, () => {
  it('keeps the content apart from meta, and meta without its trace id', () => {
    const serialized = serializeScreen(screen());
    const { meta: _meta, ...content } = screen();
    expect(JSON.parse(serialized.content)).toEqual(content);
    expect(JSON.parse(serialized.meta ?? '')).toEqual({
      generatedAt: '2031-06-01T10:00:00.000Z',
      degraded: true,
      degradedSections: ['unreadNotifications'],
    });
    expect(serialized.content).not.toContain(STORED_TRACE);
    expect(serialized.meta).not.toContain(STORED_TRACE);
    expect(serialized.degradedSections).toEqual(['unreadNotifications']);
  });

  it('tags the content only: the ETag ignores meta (trace id, time, degradation flags)', () => {
    const first = serializeScreen(screen());
    const later = serializeScreen(screen(REQUEST_TRACE, '2031-06-01T10:05:00.000Z'));
    expect(later.etag).toBe(first.etag);
    expect(first.etag).toBe(etagOf(first.content));
  });

  it('gives other content another ETag', () => {
    const changed = { ...screen(), unreadNotifications: 4 };
    expect(serializeScreen(changed).etag).not.toBe(serializeScreen(screen()).etag);
  });
});

describe(screenJson.name, () => {
  it('rebuilds the original body with this request’s trace id', () => {
    const wire = screenJson(serializeScreen(screen()), REQUEST_TRACE);
    expect(JSON.parse(wire)).toEqual(screen(REQUEST_TRACE));
  });

  it('puts meta first, and the trace id first in meta', () => {
    const body = JSON.parse(screenJson(serializeScreen(screen()), REQUEST_TRACE)) as {
      meta: object;
    };
    expect(Object.keys(body)[0]).toBe('meta');
    expect(Object.keys(body.meta)).toEqual([
      'traceId',
      'generatedAt',
      'degraded',
      'degradedSections',
    ]);
    expect(Object.keys(body).slice(1)).toEqual(['recommendations', 'user', 'unreadNotifications']);
  });

  it('serves the same stored screen for many requests, each with its own trace id', () => {
    const stored = serializeScreen(screen());
    const traces = ['a'.repeat(32), 'b'.repeat(32)];
    for (const traceId of traces) {
      expect(JSON.parse(screenJson(stored, traceId))).toEqual(screen(traceId));
    }
  });

  it('escapes a trace id that is not plain hex instead of breaking the JSON', () => {
    const odd = 'x"},"injected":{"a":"\\';
    const body = JSON.parse(screenJson(serializeScreen(screen()), odd)) as Record<string, unknown>;
    expect(body).not.toHaveProperty('injected');
    expect(body.meta).toMatchObject({ traceId: odd });
  });

  it('handles a screen with no content besides meta', () => {
    const bare = { meta: { traceId: STORED_TRACE, degradedSections: [] as string[] } };
    const serialized = serializeScreen(bare);
    expect(serialized.content).toBe('{}');
    const wire = screenJson(serialized, REQUEST_TRACE);
    expect(JSON.parse(wire)).toEqual({ meta: { traceId: REQUEST_TRACE, degradedSections: [] } });
  });

  it('handles an empty meta (nothing but the trace id)', () => {
    const serialized = { content: '{"a":[1,{}]}', meta: '{}', etag: '"t"', degradedSections: [] };
    const wire = screenJson(serialized, REQUEST_TRACE);
    expect(wire).toBe(`{"meta":{"traceId":"${REQUEST_TRACE}"},"a":[1,{}]}`);
    expect(screenJson({ ...serialized, content: '{}' }, REQUEST_TRACE)).toBe(
      `{"meta":{"traceId":"${REQUEST_TRACE}"}}`,
    );
  });

  it('round-trips content holding JSON-significant characters', () => {
    const tricky = {
      meta: { traceId: STORED_TRACE, degradedSections: [] as string[] },
      note: '{"meta":{}} , \u2028 \\ "quoted"',
      nested: { empty: {}, list: [] as unknown[] },
    };
    const wire = screenJson(serializeScreen(tricky), REQUEST_TRACE);
    expect(JSON.parse(wire)).toEqual({
      ...tricky,
      meta: { ...tricky.meta, traceId: REQUEST_TRACE },
    });
  });
});

describe('a screen without meta, or whose meta has no trace id', () => {
  it('sends a body without meta as it is, tagged whole', () => {
    const orders = { orders: [{ orderId: 'ORD-77', itemCount: 2 }], nextCursor: null };
    const serialized = serializeScreen(orders);
    expect(JSON.parse(screenJson(serialized, REQUEST_TRACE))).toEqual(orders);
    expect(serialized.etag).toBe(etagOf(JSON.stringify(orders)));
    expect(serialized.degradedSections).toEqual([]);
  });

  it('adds no trace id to a meta that had none, and still tags the content only', () => {
    const product = (degradedSections: string[]) => ({
      productId: 'sku-9',
      meta: { degraded: degradedSections.length > 0, degradedSections },
    });
    const serialized = serializeScreen(product(['topReviews']));
    expect(JSON.parse(screenJson(serialized, REQUEST_TRACE))).toEqual(product(['topReviews']));
    expect(serialized.degradedSections).toEqual(['topReviews']);
    expect(serialized.etag).toBe(serializeScreen(product([])).etag);
  });
});
