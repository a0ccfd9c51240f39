import type { FastifyInstance } from 'fastify';
import {
  MOBILE_PLATFORMS,
  MobileConfigPatch,
  MobilePlatform,
  mobileConfig,
} from '../data/mobile-config';
import { BadRequest, Query, requiredParam } from '../http';

export function registerConfigRoutes(
  app: FastifyInstance,
  currentPatch: () => MobileConfigPatch,
): void {
  app.get<{ Querystring: Query }>('/config/mobile', (request) => {
    const platform = requiredParam(request.query, 'platform');
    if (!MOBILE_PLATFORMS.includes(platform as MobilePlatform)) {
      throw new BadRequest('platform must be ios or android');
    }
    return mobileConfig(platform as MobilePlatform, currentPatch());
  });
}
