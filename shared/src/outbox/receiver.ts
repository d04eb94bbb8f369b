import express, { type Express } from 'express';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken } from '../auth/internal-token';
import type { RouteDeps } from '../server/module';
import { AUDIT_EVENTS_AUDIENCE, AUDIT_EVENTS_PATH, outboxBatchSchema, relayDomain, type OutboxBatch } from './events';

/** Stores a verified batch; resolves with how many events were new (replays count 0). */
export type AuditEventsHandler = (batch: OutboxBatch, deps: RouteDeps) => Promise<number>;

/**
 * Mounts `POST /internal/audit-events`: only a relay's internal token (its own audience) is
 * accepted, the body is validated, and the sending domain must be the token's. Answers 401, 403,
 * 400 or 500 with no detail worth leaking; the relay only needs to know whether to retry.
 */
export function mountAuditEventsRoute(app: Express, deps: RouteDeps, handler: AuditEventsHandler): void {
  // 100 events with old and new values of text columns (notes, message content) fit easily.
  app.post(AUDIT_EVENTS_PATH, express.json({ limit: '10mb' }), async (req, res) => {
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
