import { DEMO_SERVICE_TOKEN } from './demo-defaults';
import type { EnvironmentVariables } from './environment';

/**
 * Settings each valid on its own that production refuses together with NODE_ENV=production:
 * each one has shipped to production somewhere by accident. One line per problem.
 */
export function productionSafetyProblems(vars: EnvironmentVariables): string[] {
  if (vars.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const jwksUri = vars.AUTH_JWKS_URI ?? '';
  if (!jwksUri.startsWith('https://') && vars.AUTH_JWKS_ALLOW_HTTP !== 'true') {
    problems.push(
      'AUTH_JWKS_URI: must be https in production (AUTH_JWKS_ALLOW_HTTP=true for a trusted network)',
    );
  }
  if (vars.UPSTREAM_SERVICE_TOKEN === DEMO_SERVICE_TOKEN) {
    problems.push('UPSTREAM_SERVICE_TOKEN: the demo token is refused in production');
  }
  if (vars.AUTH_JWKS_COOLDOWN_MS === 0) {
    problems.push('AUTH_JWKS_COOLDOWN_MS: 0 lets any unknown kid refetch the JWKS in production');
  }
  return problems;
}
