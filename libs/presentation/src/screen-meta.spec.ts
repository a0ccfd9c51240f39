import { screenMeta } from './screen-meta';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

describe(screenMeta.name, () => {
  afterEach(() => jest.useRealTimers());

  it('holds exactly the contract fields', () => {
    expect(Object.keys(screenMeta(TRACE_ID, [])).sort()).toEqual([
      'degraded',
      'degradedSections',
      'generatedAt',
      'traceId',
    ]);
  });

  it('is a complete answer when no section failed', () => {
    jest.useFakeTimers({ now: new Date('2031-02-03T04:05:06.789Z') });
    expect(screenMeta(TRACE_ID, [])).toEqual({
      traceId: TRACE_ID,
      generatedAt: '2031-02-03T04:05:06.789Z',
      degraded: false,
      degradedSections: [],
    });
  });

  it('marks the answer degraded and names every failed section, in order', () => {
    const meta = screenMeta(TRACE_ID, ['unreadNotifications', 'recommendations']);
    expect(meta.degraded).toBe(true);
    expect(meta.degradedSections).toEqual(['unreadNotifications', 'recommendations']);
  });

  it('stamps the time of rendering in UTC ISO 8601', () => {
    const before = Date.now();
    const { generatedAt } = screenMeta(TRACE_ID, []);
    expect(generatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(generatedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(generatedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('copies the section list: later changes to the source list do not leak into the answer', () => {
    const sections = ['recentOrders'];
    const meta = screenMeta(TRACE_ID, sections);
    sections.push('recommendations');
    expect(meta.degradedSections).toEqual(['recentOrders']);
    expect(meta.degradedSections).not.toBe(sections);
  });
});
