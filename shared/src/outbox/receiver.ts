import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken } from '../auth/internal-token';
import type { Logger } from '../server/log';
import { AUDIT_EVENTS_AUDIENCE, AUDIT_EVENTS_PATH, outboxBatchSchema, relayDomain, type OutboxBatch } from './events';

/** What a subgraph's extra HTTP routes may use; `runSubgraph` and the test kit provide it. */
export interface RouteDeps {
  dataSource: DataSource;
  internalTokenSecret: string;
  log: Logger;
}

// `SubgraphModule.routes(app)` receives only the app, so the process hands its dependencies
// over through app.locals under one typed key.
const ROUTE_DEPS = 'leadgraph:routeDeps';

export function provideRouteDeps(app: Express, deps: RouteDeps): void {
  app.locals[ROUTE_DEPS] = deps;
}

export function routeDeps(app: Express): RouteDeps {
  const deps = app.locals[ROUTE_DEPS] as RouteDeps | undefined;
  if (!deps) throw new Error('Route dependencies were not provided: start the subgraph with runSubgraph or startTestSubgraph');
  return deps;
}

/** Stores a verified batch; resolves with how many events were new (replays count 0). */
export type AuditEventsHandler = (batch: OutboxBatch, deps: RouteDeps) => Promise<number>;

/**
 * Mounts `POST /internal/audit-events`: only a relay's internal token (its own audience) is
 * accepted, the body is validated, and the sending domain must be the token's. Answers 401, 403,
 * 400 or 500 with no detail worth leaking; the relay only needs to know whether to retry.
 */
export function mountAuditEventsRoute(app: Express, handler: AuditEventsHandler): void {
  // 100 events with old and new values of text columns (notes, message content) fit easily.
  app.post(AUDIT_EVENTS_PATH, express.json({ limit: '10mb' }), async (req, res) => {
    const deps = routeDeps(app);
    let domain: string | null;
    try {
      domain = relayDomain(verifyInternalToken(req.header(INTERNAL_TOKEN_HEADER), { secret: deps.internalTokenSecret, audience: AUDIT_EVENTS_AUDIENCE }));
    } catch {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const parsed = outboxBatchSchema.safeParse(req.body);
    if (!parsed.success) {
      deps.log.warn('audit events refused: invalid batch', { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
      res.status(400).json({ error: 'invalid batch' });
      return;
    }
    if (!domain || domain !== parsed.data.domain) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    try {
      const accepted = await handler(parsed.data, deps);
      res.json({ received: parsed.data.events.length, accepted });
    } catch (error) {
      deps.log.error('audit events ingest failed', { domain, error: error instanceof Error ? error.message : String(error) });
      res.status(500).json({ error: 'ingest failed' });
    }
  });
}
