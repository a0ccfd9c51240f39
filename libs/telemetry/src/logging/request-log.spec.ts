import type { RequestContext } from '../context/request-context';
import { logDegradedSections } from './request-log';
import type { RequestRecord } from '../request-record';

const HOME = { platform: 'ios', screen: 'home', version: 'v1' };

describe(logDegradedSections.name, () => {
  const context: RequestContext = { requestId: 'r-1', traceId: 't'.repeat(32), startedAt: 0 };
  const calls = [
    { service: 'users', durationMs: 3, outcome: 'success' },
    { service: 'orders', durationMs: 800, outcome: 'timeout' },
    { service: 'notifications', durationMs: 2, outcome: 'unavailable' },
  ];

  it('warns once per degraded section, naming the failed dependencies', () => {
    const warn = jest.fn();
    const record: RequestRecord = {
      calls,
      screen: {
        ...HOME,
        degradedSections: ['recentOrders', 'unreadNotifications'],
        cache: 'origin',
      },
    };
    logDegradedSections({ warn }, context, record);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('Section recentOrders degraded');
    expect(warn.mock.calls[0][0]).toContain('orders: timeout, notifications: unavailable');
    expect(warn.mock.calls[1][0]).toContain('Section unreadNotifications degraded');
  });

  it('names the deadline when no attempt failed', () => {
    const warn = jest.fn();
    const record: RequestRecord = {
      calls: [calls[0]],
      screen: { ...HOME, degradedSections: ['recentOrders'], cache: 'origin' },
    };
    logDegradedSections({ warn }, context, record);
    expect(warn.mock.calls[0][0]).toContain('failed dependencies: deadline');
  });

  it('stays quiet for complete answers', () => {
    const warn = jest.fn();
    logDegradedSections({ warn }, context, {
      calls,
      screen: { ...HOME, degradedSections: [], cache: 'memory' },
    });
    logDegradedSections({ warn }, context, { calls });
    logDegradedSections({ warn }, context, undefined);
    expect(warn).not.toHaveBeenCalled();
  });
});
