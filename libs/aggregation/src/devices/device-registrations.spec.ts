import { loadConfig } from '@app/config';
import {
  CallContext,
  DeadlineExceeded,
  DeviceRegistration,
  DeviceRegistrationRequest,
  DownstreamError,
  NotificationsClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import type { RequestContext } from '@app/telemetry';
import { DeviceRegistrations, DeviceWrite } from './device-registrations';
import { IdempotentWrite, IdempotentWrites } from './idempotent-writes';

type Notifications = Pick<NotificationsClient, 'registerDevice' | 'removeDevice'>;

/** notifications-service as the client presents it: records calls, answers as told. */
class FakeNotifications implements Notifications {
  readonly calls: Array<{ context: CallContext; args: unknown[] }> = [];
  answer: (context: CallContext) => Promise<unknown> = () => Promise.resolve('created');

  registerDevice(
    context: CallContext,
    pushToken: string,
    registration: DeviceRegistrationRequest,
  ): Promise<DeviceRegistration> {
    this.calls.push({ context, args: [pushToken, registration] });
    return this.answer(context) as Promise<DeviceRegistration>;
  }

  removeDevice(context: CallContext, pushToken: string, userId: string): Promise<boolean> {
    this.calls.push({ context, args: [pushToken, userId] });
    return this.answer(context) as Promise<boolean>;
  }
}

/** Runs every write, recording what it was told about it. */
class RecordingWrites implements Pick<IdempotentWrites, 'once'> {
  readonly writes: IdempotentWrite[] = [];

  once<T>(write: IdempotentWrite, run: () => Promise<T>): Promise<T> {
    this.writes.push(write);
    return run();
  }
}

const CONFIG = loadConfig({ NODE_ENV: 'test' });
const BUDGET_MS = CONFIG.screens.deadlineMs - CONFIG.screens.deadlineMarginMs;
const TOKEN = 'ab'.repeat(32);
const APP = { appVersion: '5.1.3', locale: 'en-GB' };

describe(DeviceRegistrations.name, () => {
  let notifications: FakeNotifications;
  let writes: RecordingWrites;
  let devices: DeviceRegistrations;
  const device = (idempotencyKey?: string): DeviceWrite => {
    const request: RequestContext = {
      requestId: 'req-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      startedAt: performance.now(),
    };
    return { request, userId: 'u-1001', pushToken: TOKEN, platform: 'apns', idempotencyKey };
  };

  beforeEach(() => {
    notifications = new FakeNotifications();
    writes = new RecordingWrites();
    devices = new DeviceRegistrations(
      CONFIG,
      notifications as unknown as NotificationsClient,
      writes as unknown as IdempotentWrites,
    );
  });
  afterEach(() => jest.useRealTimers());

  it("registers the user's token with its push service and app, under the deadline", async () => {
    notifications.answer = () => Promise.resolve('updated');
    await expect(devices.register(device(), APP)).resolves.toBe('updated');
    const [{ context, args }] = notifications.calls;
    expect(args).toEqual([TOKEN, { userId: 'u-1001', platform: 'apns', ...APP }]);
    expect(context.request).toEqual({
      requestId: 'req-1',
      traceId: expect.any(String),
      startedAt: expect.any(Number),
    });
    expect(context.deadline.remainingMs()).toBeLessThanOrEqual(BUDGET_MS);
    expect(context.deadline.remainingMs()).toBeGreaterThan(BUDGET_MS - 100);
    // Once answered, nothing of the call is left running.
    expect(context.signal.aborted).toBe(true);
  });

  it('makes each write once per Idempotency-Key, told apart by everything it sends', async () => {
    notifications.answer = () => Promise.resolve(true);
    await devices.register(device('k-1'), APP);
    await devices.remove(device('k-2'));
    expect(writes.writes).toEqual([
      expect.objectContaining({
        userId: 'u-1001',
        idempotencyKey: 'k-1',
        parameters: { method: 'PUT', pushToken: TOKEN, platform: 'apns', ...APP },
      }),
      expect.objectContaining({
        userId: 'u-1001',
        idempotencyKey: 'k-2',
        parameters: { method: 'DELETE', pushToken: TOKEN, platform: 'apns' },
      }),
    ]);
  });

  it("removes the user's token, and says NOT_FOUND when the user has no such token", async () => {
    notifications.answer = () => Promise.resolve(true);
    await expect(devices.remove(device())).resolves.toBeUndefined();
    expect(notifications.calls[0].args).toEqual([TOKEN, 'u-1001']);

    notifications.answer = () => Promise.resolve(false);
    await expect(devices.remove(device())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['unavailable', 'UPSTREAM_UNAVAILABLE', 503],
    ['bad_response', 'UPSTREAM_UNAVAILABLE', 503],
    ['rejected', 'UPSTREAM_UNAVAILABLE', 503],
    ['timeout', 'UPSTREAM_TIMEOUT', 504],
  ] as const)('turns a downstream %s into %s', async (failure, code, status) => {
    const cause = new DownstreamError('notifications', failure);
    notifications.answer = () => Promise.reject(cause);
    for (const write of [devices.register(device(), APP), devices.remove(device())]) {
      const error = await write.catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code, status, cause });
    }
  });

  it('lets anything but a downstream failure through as it is', async () => {
    const bug = new TypeError('a bug');
    notifications.answer = () => Promise.reject(bug);
    await expect(devices.register(device(), APP)).rejects.toBe(bug);
  });

  it('gives up on a hanging call at the deadline: 504 UPSTREAM_TIMEOUT', async () => {
    jest.useFakeTimers();
    notifications.answer = ({ signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          const timedOut = signal.reason instanceof DeadlineExceeded;
          reject(new DownstreamError('notifications', timedOut ? 'timeout' : 'cancelled'));
        }),
      );
    const removal = devices.remove(device()).catch((reason: unknown) => reason);
    await jest.advanceTimersByTimeAsync(BUDGET_MS);
    expect(await removal).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });
});
