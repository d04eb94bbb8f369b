import express, { type Express } from 'express';
import type { z } from 'zod';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken } from '../auth/internal-token';
import type { Principal } from '../auth/principal';
import type { RouteDeps } from './module';

const SERVICE_ROLE_PREFIX = 'service:';

/** The domain a service principal (an outbox relay, an error reporter) speaks for, or null. */
export function serviceDomain(principal: Principal): string | null {
  if (principal.kind !== 'service') return null;
  const role = principal.roles.find((r) => r.startsWith(SERVICE_ROLE_PREFIX));
  return role ? role.slice(SERVICE_ROLE_PREFIX.length) : null;
}

/** A principal for a subgraph's own background work; it holds no permission anywhere. */
export function servicePrincipal(domain: string): Principal {
  return { kind: 'service', userId: null, tenantId: null, roles: [`${SERVICE_ROLE_PREFIX}${domain}`], permissions: [] };
}

/**
 * Mounts an internal `POST` route that only subgraph services call (audit events, error
 * reports): the internal token must carry the route's own audience and a service principal,
 * the body must match `schema`, and the body's `domain` must be the token's. Answers 401, 403,
 * 400 or 500 with no detail worth leaking; the sender only needs to know whether to retry.
 */
export function mountServiceIngestRoute<S extends z.ZodType<{ domain: string }>>(
  app: Express,
  deps: RouteDeps,
  route: { path: string; audience: string; limit: string; handle(body: z.infer<S>, deps: RouteDeps): Promise<Record<string, unknown>> },
  schema: S,
): void {
  app.post(route.path, express.json({ limit: route.limit }), async (req, res) => {
    let domain: string | null;
    try {
      domain = serviceDomain(verifyInternalToken(req.header(INTERNAL_TOKEN_HEADER), { secret: deps.internalTokenSecret, audience: route.audience }));
    } catch {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      deps.log.warn('internal ingest refused: invalid body', { path: route.path, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
      res.status(400).json({ error: 'invalid body' });
      return;
    }
    if (!domain || domain !== parsed.data.domain) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    try {
      res.json(await route.handle(parsed.data, deps));
    } catch (error) {
      deps.log.error('internal ingest failed', { path: route.path, domain, error: error instanceof Error ? error.message : String(error) });
      res.status(500).json({ error: 'ingest failed' });
    }
  });
}
