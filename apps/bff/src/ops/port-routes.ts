/** The listener a request arrived on: the public PORT, or ADMIN_PORT. */
export type Listener = 'public' | 'admin';

/** Operators' routes: Prometheus scrapes, the Swagger UI (its files too) and the raw documents. */
const OPERATORS_ONLY = /^\/(metrics$|docs($|[/-]))/;
/** Load balancers' probes: answered on both listeners. */
const PROBES = /^\/health\//;
/** Readiness: on the public listener, only its status (which dependency is down is internal). */
export const READINESS_ROUTE = '/health/ready';

/**
 * Whether a path is served on a listener when ADMIN_PORT is set: operators' routes on the admin
 * one only, the platform APIs (and anything else) on the public one only, probes on both. `path`:
 * the matched route's template, else the request's path (so that, say, a POST to /metrics on the
 * public listener is a 404 like a GET, not a 405 saying that GET is served there).
 */
export function servedOn(listener: Listener, path: string): boolean {
  if (PROBES.test(path)) return true;
  return OPERATORS_ONLY.test(path) === (listener === 'admin');
}
