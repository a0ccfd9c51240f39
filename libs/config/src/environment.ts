import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const REDIS_URL = { require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] };
const HOST_PORT_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
const ADDRESS_LIST = '[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*';
const ADDRESS_LIST_OR_NONE = new RegExp(`^(none|${ADDRESS_LIST})$`);
const ADDRESS_LIST_OR_ANY = new RegExp(`^(\\*|${ADDRESS_LIST})$`);
const ORIGIN_LIST = /^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/;

type Environment = { NODE_ENV?: string };
/** In production nothing falls back to the demo: these must be set explicitly. */
const requiredInProduction = (env: Environment, value: unknown): boolean =>
  env.NODE_ENV === 'production' || value !== undefined;
const REQUIRED = { message: '$property is required when NODE_ENV=production' };

/** Every variable the BFF reads, as it arrives in process.env (strings), with its rules. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['production', 'development', 'test']) NODE_ENV?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() @IsNotEmpty() HOST?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(10_485_760) BODY_LIMIT_BYTES?: number;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @Matches(ADDRESS_LIST_OR_NONE, {
    message: '$property must be comma-separated IP addresses or CIDRs, or none',
  })
  TRUSTED_PROXIES?: string;
  @IsOptional()
  @Matches(ORIGIN_LIST, {
    message: '$property must be comma-separated origins (https://host[:port])',
  })
  CORS_ORIGINS?: string;
  @IsOptional() @IsIn(['true', 'false']) CORS_ALLOW_CREDENTIALS?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) HSTS_MAX_AGE_SEC?: number;
  @IsOptional()
  @Matches(ADDRESS_LIST_OR_ANY, { message: '$property must be * or comma-separated CIDRs' })
  SERVER_TIMING_ALLOW?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) ADMIN_PORT?: number;
  @IsOptional()
  @Matches(/^(auto|[1-9]\d{0,2})$/, { message: '$property must be a number of workers or auto' })
  WEB_CONCURRENCY?: string;

  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsUrl(HTTP_URL)
  USERS_SERVICE_URL?: string;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsUrl(HTTP_URL)
  ORDERS_SERVICE_URL?: string;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsUrl(HTTP_URL)
  CATALOG_SERVICE_URL?: string;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsUrl(HTTP_URL)
  NOTIFICATIONS_SERVICE_URL?: string;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsUrl(HTTP_URL)
  CONFIG_SERVICE_URL?: string;
  @ValidateIf(requiredInProduction)
  @IsNotEmpty(REQUIRED)
  @IsString()
  UPSTREAM_SERVICE_TOKEN?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(10) @Max(60_000) UPSTREAM_TIMEOUT_MS?: number;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  DOWNSTREAM_MAX_BODY_BYTES?: number;

  @ValidateIf(requiredInProduction) @IsNotEmpty(REQUIRED) @IsUrl(HTTP_URL) AUTH_JWKS_URI?: string;
  @ValidateIf(requiredInProduction) @IsNotEmpty(REQUIRED) @IsString() AUTH_ISSUER?: string;
  @ValidateIf(requiredInProduction) @IsNotEmpty(REQUIRED) @IsString() AUTH_AUDIENCE?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(5) AUTH_CLOCK_TOLERANCE_SEC?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) AUTH_JWKS_COOLDOWN_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) AUTH_JWKS_REFRESH_MS?: number;
  @IsOptional() @IsIn(['true', 'false']) AUTH_JWKS_ALLOW_HTTP?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(60) AUTH_MAX_TOKEN_LIFETIME_SEC?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) AUTH_TOKEN_CACHE_SIZE?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(50) @Max(60_000) SCREEN_DEADLINE_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) SCREEN_DEADLINE_MARGIN_MS?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_USER_PER_MIN?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_ANON_PER_MIN?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_BAD_TOKEN_PER_MIN?: number;

  @IsOptional() @IsUrl(REDIS_URL) REDIS_URL?: string;
  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be comma-separated host:port pairs' })
  REDIS_CLUSTER_NODES?: string;
  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be comma-separated host:port pairs' })
  REDIS_SENTINELS?: string;
  @ValidateIf((env: { REDIS_SENTINELS?: string }, value) => !!env.REDIS_SENTINELS || !!value)
  @IsNotEmpty({ message: '$property is required with REDIS_SENTINELS' })
  @IsString()
  REDIS_SENTINEL_NAME?: string;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) CACHE_MEMORY_MAX_ENTRIES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(30_000) CACHE_SCREEN_TTL_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) CACHE_PRODUCT_TTL_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) CACHE_REVIEWS_TTL_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) CACHE_CONFIG_TTL_MS?: number;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be an RFC 3339 date' })
  API_V1_HOME_SUNSET?: string;
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: '$property must be at least 32 characters' })
  PAGING_TOKEN_SECRET?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) HTTP_REQUEST_TIMEOUT_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) HTTP_KEEP_ALIVE_TIMEOUT_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) HTTP_MAX_PARAM_LENGTH?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(65_536) HTTP_MAX_HEADER_BYTES?: number;

  @IsOptional() @Type(() => Number) @Min(0.01) @Max(1) BREAKER_FAILURE_RATE?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) BREAKER_MIN_CALLS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) BREAKER_WINDOW_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(10) BREAKER_OPEN_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5) RETRY_MAX_ATTEMPTS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RETRY_BASE_DELAY_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RETRY_MAX_DELAY_MS?: number;
  @IsOptional() @Type(() => Number) @Min(0) @Max(1) RETRY_BUDGET_RATIO?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) BULKHEAD_MAX_CONCURRENT?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) SHUTDOWN_DRAIN_DELAY_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional() @IsUrl(HTTP_URL) OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  @IsOptional() @IsString() @IsNotEmpty() OTEL_SERVICE_NAME?: string;
}
