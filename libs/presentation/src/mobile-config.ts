import { ApiProperty } from '@nestjs/swagger';
import type { ApiHeaderOptions } from '@nestjs/swagger';
import { parse as parseSemver, SemVer } from 'semver';
import type { DownstreamMobileConfig, FeatureFlag } from '@app/downstream';
import { ValidationFailedError } from '@app/errors';

/** The header an app sends its own version in. */
export const APP_VERSION_HEADER: ApiHeaderOptions = {
  name: 'X-App-Version',
  required: false,
  description: 'The app’s version (semver, e.g. 5.1.3): decides forceUpdate',
};

export class MaintenanceDto {
  @ApiProperty({ example: 'Checkout is paused for maintenance.' }) message!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) until!: string | null;
}

/** What an app needs at start: whether it must update, its flags, any maintenance banner. */
export class MobileConfigDto {
  @ApiProperty({ example: '4.2.0' }) minSupportedVersion!: string;
  @ApiProperty({ example: '5.1.3' }) latestVersion!: string;
  @ApiProperty({ description: 'True when X-App-Version is below minSupportedVersion' })
  forceUpdate!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] },
    example: { newCheckout: true, videoReviews: false },
  })
  featureFlags!: Record<string, FeatureFlag>;
  @ApiProperty({ type: MaintenanceDto, nullable: true, description: 'null: no maintenance' })
  maintenance!: MaintenanceDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://help.example/mobile' })
  supportUrl!: string | null;
}

/** The app's version from its header: absent is fine, anything but one semver is a 400. */
export function appVersionOf(header: string | string[] | undefined): SemVer | undefined {
  if (header === undefined) return undefined;
  const version = typeof header === 'string' ? parseSemver(header.trim()) : null;
  if (!version) {
    throw new ValidationFailedError([
      { field: APP_VERSION_HEADER.name, issue: 'must be a semantic version' },
    ]);
  }
  return version;
}

export function mobileConfig(
  config: DownstreamMobileConfig,
  appVersion: SemVer | undefined,
): MobileConfigDto {
  return {
    minSupportedVersion: config.minSupportedVersion,
    latestVersion: config.latestVersion,
    forceUpdate: appVersion !== undefined && appVersion.compare(config.minSupportedVersion) < 0,
    featureFlags: { ...config.featureFlags },
    maintenance: config.maintenance
      ? { message: config.maintenance.message, until: config.maintenance.until ?? null }
      : null,
    supportUrl: config.supportUrl ?? null,
  };
}
