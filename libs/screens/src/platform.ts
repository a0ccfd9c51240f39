import { Inject } from '@nestjs/common';
import type { DisplayHeader } from '@app/presentation';

/** Which platform a module serves; each platform module provides its own under PLATFORM. */
export interface Platform {
  /** The route prefix, cache-key namespace and config-service platform. */
  readonly name: 'ios' | 'android';
  /** The header a device says its screen in (scale, density): it picks image sizes. */
  readonly display: DisplayHeader;
}

export const PLATFORM = Symbol('PLATFORM');

export const InjectPlatform = (): ParameterDecorator => Inject(PLATFORM);
