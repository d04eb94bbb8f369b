import type { Express } from 'express';
import { mountServiceIngestRoute } from '../server/ingest-route';
import type { RouteDeps } from '../server/module';
import { AUDIT_EVENTS_ROUTE } from '../server/internal-routes';
import { outboxBatchSchema, type OutboxBatch } from './events';

/** Stores a verified batch; resolves with how many events were new (replays count 0). */
export type AuditEventsHandler = (batch: OutboxBatch, deps: RouteDeps) => Promise<number>;

/**
 * Mounts `POST /internal/audit-events`: only a relay's internal token (its own audience) is
 * accepted, the batch is validated, and the sending domain must be the token's.
 */
export function mountAuditEventsRoute(app: Express, deps: RouteDeps, handler: AuditEventsHandler): void {
  mountServiceIngestRoute(
    app,
    deps,
    {
      ...AUDIT_EVENTS_ROUTE,
      // 100 events with old and new values of text columns (notes, message content) fit easily.
      limit: '10mb',
      handle: async (batch, d) => ({ received: batch.events.length, accepted: await handler(batch, d) }),
    },
    outboxBatchSchema,
  );
}
