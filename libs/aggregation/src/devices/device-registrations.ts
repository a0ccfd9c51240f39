import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  DeviceRegistration,
  DeviceRegistrationRequest,
  DownstreamError,
  NotificationsClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import type { RequestContext } from '@app/telemetry';
import { runScreen } from '../screen-run';
import { IdempotentWrites } from './idempotent-writes';

/** Whose token, which one, on which push service, and the client's Idempotency-Key. */
export interface DeviceWrite {
  readonly request: RequestContext;
  readonly userId: string;
  readonly pushToken: string;
  readonly platform: DeviceRegistrationRequest['platform'];
  readonly idempotencyKey: string | undefined;
}

/** What the app says about itself when it registers its token. */
export interface DeviceApp {
  readonly appVersion: string;
  readonly locale: string;
}

/**
 * Registers and removes a user's push tokens at notifications-service, each write once per
 * Idempotency-Key, under the request's deadline. notifications-service owns the tokens: another
 * user's token is "no such token" for this one.
 */
@Injectable()
export class DeviceRegistrations {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly notifications: NotificationsClient,
    private readonly writes: IdempotentWrites,
  ) {}

  /** `created` for a token new to this user, `updated` when it was registered already. */
  register(device: DeviceWrite, app: DeviceApp): Promise<DeviceRegistration> {
    const { userId, pushToken, platform } = device;
    const { appVersion, locale } = app;
    return this.writes.once(
      { ...device, parameters: { method: 'PUT', pushToken, platform, appVersion, locale } },
      () =>
        this.call(device, (context) =>
          this.notifications.registerDevice(context, pushToken, {
            userId,
            platform,
            appVersion,
            locale,
          }),
        ),
    );
  }

  /** 404 NOT_FOUND when this user has no such token (another user's included). */
  async remove(device: DeviceWrite): Promise<void> {
    const { userId, pushToken, platform } = device;
    const removed = await this.writes.once(
      { ...device, parameters: { method: 'DELETE', pushToken, platform } },
      () =>
        this.call(device, (context) => this.notifications.removeDevice(context, pushToken, userId)),
    );
    if (!removed) throw new AppError('NOT_FOUND');
  }

  /** One call under the request's deadline; its failure is the client's 503 (or 504). */
  private async call<T>(device: DeviceWrite, write: (context: CallContext) => Promise<T>) {
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    try {
      return await runScreen(device.request, deadlineMs - deadlineMarginMs, write);
    } catch (cause) {
      if (!(cause instanceof DownstreamError)) throw cause;
      const code = cause.failure === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE';
      throw new AppError(code, undefined, undefined, { cause });
    }
  }
}
