import { Headers } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { MobileConfigAggregator } from '@app/aggregation';
import { APP_VERSION_HEADER, appVersionOf, mobileConfig, MobileConfigDto } from '@app/presentation';
import { AnyoneScreenCall, InjectPlatform, Platform, Screen } from '@app/screens';

/**
 * How both platforms serve it: to anyone (an app with an expired token must still learn that it
 * has to update), one body per app version, shared caches may keep it a minute (a maintenance
 * banner shows within that), and no per-user copy (the config itself is cached, shared).
 */
@Screen('v1/config', MobileConfigDto, {
  operationId: 'getConfig',
  summary: 'The app’s configuration: forced update, feature flags, maintenance',
  access: 'public',
  varies: [APP_VERSION_HEADER.name],
  clientMaxAgeSec: 60,
  cached: false,
  errors: [503],
})
export class ConfigScreen {
  constructor(
    private readonly configs: MobileConfigAggregator,
    @InjectPlatform() private readonly platform: Platform,
  ) {}

  // On the method, so that it documents the parameter below (optional) instead of adding one.
  @ApiHeader(APP_VERSION_HEADER)
  async render(
    call: AnyoneScreenCall,
    @Headers(APP_VERSION_HEADER.name) appVersion?: string,
  ): Promise<MobileConfigDto> {
    const version = appVersionOf(appVersion);
    return mobileConfig(await this.configs.load(call.request, this.platform.name), version);
  }
}
