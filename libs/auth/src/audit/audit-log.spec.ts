import { loadConfig } from '@app/config';
import { AuditLog } from './audit-log';

const WINDOW_MS = 60_000;

describe(AuditLog.name, () => {
  let audit: AuditLog;
  let lines: jest.Mock;

  const start = (logLevel = 'info') => {
    lines = jest.fn();
    audit = new AuditLog(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: logLevel }), { info: lines });
    audit.onModuleInit();
  };
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    audit.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('writes one line per rejection reason per minute, with its count', () => {
    start();
    for (let i = 0; i < 500; i++) audit.tokenRejected('bad-signature');
    audit.tokenRejected('expired');
    audit.tokenRejected('expired');
    expect(lines).not.toHaveBeenCalled();
    jest.advanceTimersByTime(WINDOW_MS);
    expect(lines.mock.calls).toEqual([
      [
        { event: 'tokens-rejected', reason: 'bad-signature', count: 500, windowMs: WINDOW_MS },
        'bearer tokens rejected',
      ],
      [
        { event: 'tokens-rejected', reason: 'expired', count: 2, windowMs: WINDOW_MS },
        'bearer tokens rejected',
      ],
    ]);
    jest.advanceTimersByTime(WINDOW_MS);
    expect(lines).toHaveBeenCalledTimes(2); // a quiet minute writes nothing
  });

  it('writes one line per limit and client per minute', () => {
    start();
    audit.rateLimitExceeded('bad-token', '203.0.113.0/24');
    audit.rateLimitExceeded('bad-token', '203.0.113.0/24');
    audit.rateLimitExceeded('user', 'user:abc');
    jest.advanceTimersByTime(WINDOW_MS);
    expect(lines.mock.calls.map(([fields]) => fields as object)).toEqual([
      expect.objectContaining({ limit: 'bad-token', client: '203.0.113.0/24', count: 2 }),
      expect.objectContaining({ limit: 'user', client: 'user:abc', count: 1 }),
    ]);
  });

  it('stays bounded under a flood of distinct clients', () => {
    start();
    for (let i = 0; i < 5_000; i++) audit.rateLimitExceeded('anonymous', `10.0.${i}.0/24`);
    jest.advanceTimersByTime(WINDOW_MS);
    expect(lines).toHaveBeenCalledTimes(1_001);
    expect(lines.mock.calls.at(-1)?.[0]).toMatchObject({ client: 'others', count: 4_000 });
  });

  it('writes the counts of the minute under way on shutdown', () => {
    start();
    audit.tokenRejected('malformed');
    audit.onApplicationShutdown();
    expect(lines).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'malformed', count: 1 }),
      'bearer tokens rejected',
    );
  });

  it('writes key set changes at once', () => {
    start();
    audit.keySetChanged({ added: ['k2'], removed: ['k1'], keyIds: ['k2'] });
    expect(lines).toHaveBeenCalledWith(
      { event: 'signing-keys-changed', added: ['k2'], removed: ['k1'], keyIds: ['k2'] },
      'signing keys changed',
    );
  });

  it('writes nothing when logging is silent', () => {
    start('silent');
    audit.keySetChanged({ added: ['k2'], removed: [], keyIds: ['k2'] });
    audit.tokenRejected('malformed');
    jest.advanceTimersByTime(WINDOW_MS);
    expect(lines).not.toHaveBeenCalled();
  });
});
