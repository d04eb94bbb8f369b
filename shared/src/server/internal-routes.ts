import { INTERNAL_TOKEN_HEADER, mintInternalToken } from '../auth/internal-token';
import { servicePrincipal } from './ingest-route';

/**
 * The internal HTTP routes services call on each other, next to the callee's GraphQL endpoint.
 * Each has its own token audience, minted only by its caller: a token forwarded by the gateway
 * for a user (audience = subgraph name) is never good enough to write audit entries or usage.
 * Defined once here so that caller and callee cannot drift apart.
 */
export interface InternalRoute {
  path: string;
  audience: string;
}

/** Every subgraph's outbox relay → identity. */
export const AUDIT_EVENTS_ROUTE: InternalRoute = { path: '/internal/audit-events', audience: 'identity:audit-events' };
/** Every subgraph's masked errors → identity's error_logs. */
export const ERROR_REPORTS_ROUTE: InternalRoute = { path: '/internal/error-logs', audience: 'identity:error-logs' };
/** The gateway's metering → billing's api_usage. */
export const API_USAGE_ROUTE: InternalRoute = { path: '/internal/api-usage', audience: 'billing:api-usage' };
/** The gateway's rate limiter asks billing for tenants' plan limits. */
export const PLAN_LIMITS_ROUTE: InternalRoute = { path: '/internal/plan-limits', audience: 'billing:plan-limits' };

/**
 * A route's URL at a service given its GraphQL endpoint or its base URL
 * (`http://h:4006/graphql` or `http://h:4006` → `http://h:4006/internal/api-usage`).
 */
export function internalRouteUrl(serviceUrl: string, path: string): string {
  const url = new URL(serviceUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '').replace(/\/$/, '') + path;
  url.search = '';
  return url.toString();
}

/** POSTs `body` to a service's internal route, signed as the service `body.domain`. */
export function postToInternalRoute<B extends { domain: string }>(
  serviceUrl: string,
  route: InternalRoute,
  body: B,
  opts: { secret: string; timeoutMs: number },
): Promise<Response> {
  return fetch(internalRouteUrl(serviceUrl, route.path), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [INTERNAL_TOKEN_HEADER]: mintInternalToken(servicePrincipal(body.domain), { secret: opts.secret, audience: route.audience }),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
}
