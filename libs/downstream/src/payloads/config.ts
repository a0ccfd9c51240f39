import type { JSONSchemaType } from 'ajv';
import { TIMESTAMP } from './common';
import { payloadReader, schemaVersion } from './schema';

/** A feature flag's value: the contract leaves it open, so any JSON scalar. */
export type FeatureFlag = boolean | number | string;

/** What the BFF keeps of config-service's mobile config (its `internal` block never leaves). */
export interface DownstreamMobileConfig {
  minSupportedVersion: string;
  latestVersion: string;
  featureFlags: Record<string, FeatureFlag>;
  maintenance?: { message: string; until?: string | null } | null;
  supportUrl?: string | null;
}

const SEMVER = {
  type: 'string',
  pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$',
} as const;

const MOBILE_CONFIG: JSONSchemaType<DownstreamMobileConfig> = {
  type: 'object',
  properties: {
    minSupportedVersion: SEMVER,
    latestVersion: SEMVER,
    featureFlags: {
      type: 'object',
      required: [],
      patternProperties: { '^.+$': { type: ['boolean', 'number', 'string'] } },
      additionalProperties: false,
      default: {},
    },
    maintenance: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        until: { ...TIMESTAMP, nullable: true },
      },
      required: ['message'],
      nullable: true,
    },
    supportUrl: { type: 'string', nullable: true },
  },
  required: ['minSupportedVersion', 'latestVersion'],
};

export const readMobileConfig = payloadReader(MOBILE_CONFIG);

/** The keyspace of the cached config changes with what is kept of it. */
export const MOBILE_CONFIG_SCHEMA_VERSION = schemaVersion(MOBILE_CONFIG);
