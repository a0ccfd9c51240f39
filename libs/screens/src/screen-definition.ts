import type { Type } from '@nestjs/common';
import type { DisplayHeader } from '@app/presentation';

export interface ScreenOptions {
  /** The platform's display header, for screens that pick images for the device. */
  display?: DisplayHeader;
  /**
   * Statuses the screen may answer besides 200 and the ones every screen may (400, 401, 429),
   * e.g. 503 when a critical source fails.
   */
  errors?: readonly number[];
  /** Seconds a client may keep the answer (`Cache-Control: private, max-age=…`). */
  clientMaxAgeSec?: number;
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
