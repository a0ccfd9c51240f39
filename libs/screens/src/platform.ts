import { Inject } from '@nestjs/common';

/** Which platform a module serves; each platform module provides its own under PLATFORM. */
export interface Platform {
  /** The route prefix and cache-key namespace: `ios`, `android`. */
  readonly name: string;
}

export const PLATFORM = Symbol('PLATFORM');

export const InjectPlatform = (): ParameterDecorator => Inject(PLATFORM);
