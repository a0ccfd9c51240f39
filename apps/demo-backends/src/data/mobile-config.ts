import { FUTURE_FIELD, INTERNAL_SENTINEL } from '../sentinels';

export const MOBILE_PLATFORMS = ['ios', 'android'] as const;
export type MobilePlatform = (typeof MOBILE_PLATFORMS)[number];

/** config-service `GET /config/mobile` as downstream.md documents it (plus a future field). */
export interface DownstreamMobileConfig {
  platform: MobilePlatform;
  minSupportedVersion: string;
  latestVersion: string;
  featureFlags: Record<string, boolean>;
  maintenance: { message: string; until: string } | null;
  supportUrl: string;
  internal: { rolloutCohorts: string[]; killSwitchOwner: string };
  x_future_internal: string;
}

/** What a test may change (e.g. to announce maintenance); applies to both platforms. */
export type MobileConfigPatch = Partial<
  Pick<
    DownstreamMobileConfig,
    'minSupportedVersion' | 'latestVersion' | 'featureFlags' | 'maintenance'
  >
>;

const VERSIONS: Record<MobilePlatform, { minSupportedVersion: string; latestVersion: string }> = {
  ios: { minSupportedVersion: '4.2.0', latestVersion: '5.1.3' },
  android: { minSupportedVersion: '4.1.0', latestVersion: '5.1.2' },
};

export function mobileConfig(
  platform: MobilePlatform,
  patch: MobileConfigPatch = {},
): DownstreamMobileConfig {
  return {
    platform,
    ...VERSIONS[platform],
    featureFlags: { newCheckout: true, videoReviews: platform === 'android' },
    maintenance: null,
    supportUrl: 'https://help.example/mobile',
    internal: { rolloutCohorts: [INTERNAL_SENTINEL], killSwitchOwner: INTERNAL_SENTINEL },
    ...FUTURE_FIELD,
    ...patch,
  };
}
