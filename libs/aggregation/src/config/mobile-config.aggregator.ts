import { Injectable } from '@nestjs/common';
import { TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import {
  ConfigClient,
  Deadline,
  DownstreamMobileConfig,
  MOBILE_CONFIG_SCHEMA_VERSION,
} from '@app/downstream';
import { AppError } from '@app/errors';
import type { RequestContext } from '@app/telemetry';
import { runScreen } from '../screen-run';

/** The contract: served stale for up to 24 h while config-service is down. */
const STALE_IF_ERROR_MS = 24 * 60 * 60 * 1000;

export type ConfigPlatform = 'ios' | 'android';

/**
 * A platform's mobile config, shared by every user alike (`shared:config:<schema>:<platform>`):
 * from the cache, refreshed in the background before it expires, and served stale for up to a day
 * while config-service fails. Without any copy at all, the answer is a 503.
 */
@Injectable()
export class MobileConfigAggregator {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly client: ConfigClient,
    private readonly cache: TieredCache,
  ) {}

  load(request: RequestContext, platform: ConfigPlatform): Promise<DownstreamMobileConfig> {
    const budgetMs = this.config.screens.deadlineMs - this.config.screens.deadlineMarginMs;
    return runScreen(request, budgetMs, async (context) => {
      try {
        const read = await this.cache.getOrLoad(
          `shared:config:${MOBILE_CONFIG_SCHEMA_VERSION}:${platform}`,
          // A deadline of its own: a background refresh outlives the request that started it.
          // Kept as JSON text: the Redis store would revive `maintenance.until` as a Date.
          async (signal) =>
            JSON.stringify(
              await this.client.getMobileConfig(
                { request, deadline: Deadline.after(budgetMs), signal },
                platform,
              ),
            ),
          { ttlMs: this.config.cache.configTtlMs, staleIfErrorMs: STALE_IF_ERROR_MS },
          context.signal,
        );
        return JSON.parse(read.value) as DownstreamMobileConfig;
      } catch (cause) {
        throw new AppError('UPSTREAM_UNAVAILABLE', undefined, undefined, { cause });
      }
    });
  }
}
