import type { ServiceName } from './app-config';

/**
 * Where the embedded demo (apps/demo-backends) listens. These are the defaults outside
 * production, so `npm start` needs no configuration; production never falls back to them.
 */
export const DEMO_HOST = '127.0.0.1';
export const DEMO_IDP_PORT = 4100;
export const DEMO_SERVICE_PORTS: Readonly<Record<ServiceName, number>> = {
  users: 4101,
  orders: 4102,
  catalog: 4103,
  notifications: 4104,
  config: 4105,
};
export const DEMO_SERVICE_TOKEN = 'demo-service-token';
export const DEMO_ISSUER = `http://${DEMO_HOST}:${DEMO_IDP_PORT}/`;
export const DEMO_AUDIENCE = 'mobile-bff';
export const DEMO_JWKS_URI = `http://${DEMO_HOST}:${DEMO_IDP_PORT}/.well-known/jwks.json`;
