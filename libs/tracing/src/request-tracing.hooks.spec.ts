import type { RequestContext } from '@app/observability';
import { logDegradedSections } from './request-tracing.hooks';

describe(logDegradedSections.name, () => {
  const base: RequestContext = { requestId: 'r-1', traceId: 't'.repeat(32), startedAt: 0 };

  it('warns once per degraded section, naming the failed dependencies', () => {
    const warn = jest.fn();
    logDegradedSections(
      {
        ...base,
        degradedSections: ['recentOrders', 'unreadNotifications'],
        dependencyCalls: [
          { service: 'users', durationMs: 3, outcome: 'success' },
          { service: 'orders', durationMs: 800, outcome: 'timeout' },
          { service: 'notifications', durationMs: 2, outcome: 'unavailable' },
        ],
      },
      { warn },
    );
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('Section recentOrders degraded');
    expect(warn.mock.calls[0][0]).toContain('orders: timeout, notifications: unavailable');
    expect(warn.mock.calls[1][0]).toContain('Section unreadNotifications degraded');
  });

  it('stays quiet for complete answers', () => {
    const warn = jest.fn();
    logDegradedSections({ ...base, degradedSections: [] }, { warn });
    logDegradedSections(base, { warn });
    expect(warn).not.toHaveBeenCalled();
  });
});
