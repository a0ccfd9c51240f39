import type { Type } from '@nestjs/common';

/**
 * Who may call a screen: `user` needs a valid token; `optional` serves anonymous callers, but a
 * token that is sent must be valid (401 otherwise); `public` never looks at a token (an app with
 * an expired one must still reach it, e.g. to learn that it has to update).
 */
export type ScreenAccess = 'user' | 'optional' | 'public';

/** A screen version that is being retired in favour of another (RFC 8594 / RFC 9745 headers). */
export interface Deprecation {
  /** The successor's route below the platform prefix, e.g. `v2/home`. */
  readonly successor: string;
  /** When it was deprecated (the `Deprecation` header); the sunset date is configured. */
  readonly since: Date;
}

export interface ScreenOptions {
  /** The OpenAPI operation id a generated client names its method after, e.g. `getHome`. */
  operationId: string;
  /** One line for the OpenAPI document and Swagger UI. */
  summary: string;
  /**
   * The answer holds images picked for the device: the platform's display header (a platform
   * module's `Platform.display`) sizes them, keys the cache and is named in `Vary`.
   */
  images?: boolean;
  /**
   * Statuses the screen may answer besides 200 and the ones every screen may (400, 401, 429),
   * e.g. 503 when a critical source fails.
   */
  errors?: readonly number[];
  /** Seconds a client may keep the answer (`Cache-Control: …, max-age=…`). */
  clientMaxAgeSec?: number;
  /** Default `user`. */
  access?: ScreenAccess;
  /** Request headers besides Authorization and the display header that change the body (Vary). */
  varies?: readonly string[];
  /**
   * Keep rendered answers in the per-user screen cache (default true). Screens whose data is
   * cached below them (shared products, config) or changes on every call (sync) say false.
   */
  cached?: boolean;
  deprecated?: Deprecation;
}

/** Everything @Screen declared about one screen class. */
export interface ScreenDefinition extends ScreenOptions {
  /** The route below the platform prefix, e.g. `v1/home`: the screen's identity in cache keys. */
  readonly path: string;
  /** The response DTO: its OpenAPI schema is part of the screen's cache-key version. */
  readonly response: Type;
  /** The screen class itself: its source is part of the version too. */
  readonly screen: Type;
}

/** The contract's `private, max-age=30` for user-specific screens. */
export const DEFAULT_CLIENT_MAX_AGE_SEC = 30;

export const SCREEN = Symbol('screen');

export function screenDefinitionOf(screen: Type): ScreenDefinition {
  const definition = Reflect.getMetadata(SCREEN, screen) as ScreenDefinition | undefined;
  if (!definition) throw new Error(`${screen.name} is not decorated with @Screen`);
  return definition;
}

/** `v1/home` → `v1`; `v2/home` → `v2`. */
export function versionOf(path: string): string {
  return /^v\d+/.exec(path)?.[0] ?? 'v1';
}

/** `v1/home` → `home`, `v1/products/:productId` → `products`. */
export function nameOf(path: string): string {
  return path.split('/').find((part) => !/^v\d+$/.test(part) && !part.startsWith(':')) ?? path;
}
