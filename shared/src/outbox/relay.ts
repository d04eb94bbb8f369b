import type { DataSource } from 'typeorm';
import { AUDIT_EVENTS_ROUTE, postToInternalRoute } from '../server/internal-routes';
import type { Logger } from '../server/log';
import type { OutboxBatch, OutboxEvent } from './events';

export const RELAY_BATCH_SIZE = 100;
const MAX_BACKOFF_MS = 30_000;
const POST_TIMEOUT_MS = 10_000;

export interface RelayTarget {
  /** The app role's DataSource of the subgraph whose outbox is relayed. */
  dataSource: DataSource;
  /** The subgraph's name, which is also its schema. */
  domain: string;
  /** Identity's base URL (no path), e.g. http://127.0.0.1:4001. */
  identityUrl: string;
  internalTokenSecret: string;
  batchSize?: number;
}

interface ClaimedRow {
  id: string;
  tenant_id: string;
  event_type: 'audit';
  entity_type: string;
  entity_id: string;
  entity_name: string | null;
  action: OutboxEvent['action'];
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  actor_id: string | null;
  request_id: string | null;
  occurred_at: string;
}

const toEvent = (r: ClaimedRow): OutboxEvent => ({
  id: r.id,
  tenantId: r.tenant_id,
  eventType: r.event_type,
  entityType: r.entity_type,
  entityId: r.entity_id,
  entityName: r.entity_name,
  action: r.action,
  oldValues: r.old_values,
  newValues: r.new_values,
  actorId: r.actor_id,
  requestId: r.request_id,
  occurredAt: r.occurred_at,
});

/** Sends a batch to identity. Exported for tests that replay a batch (delivery is at least once). */
export async function postAuditEvents(target: Pick<RelayTarget, 'identityUrl' | 'internalTokenSecret'>, batch: OutboxBatch): Promise<void> {
  const res = await postToInternalRoute(target.identityUrl, AUDIT_EVENTS_ROUTE, batch, { secret: target.internalTokenSecret, timeoutMs: POST_TIMEOUT_MS });
  if (!res.ok) throw new Error(`identity refused ${batch.events.length} audit events: HTTP ${res.status}`);
}

/**
 * Claims one batch of the subgraph's outbox, delivers it to identity and acknowledges it.
 * Returns how many events were delivered. A failed POST releases the rows for the next try; a
 * crash between POST and ack leaves them leased for 30 s, then they are sent again: identity
 * deduplicates by event id.
 */
export async function relayOnce(target: RelayTarget): Promise<number> {
  const schema = target.domain;
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`Not a subgraph schema: ${schema}`);
  const rows: ClaimedRow[] = await target.dataSource.query(`SELECT * FROM ${schema}.claim_outbox($1)`, [target.batchSize ?? RELAY_BATCH_SIZE]);
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  try {
    await postAuditEvents(target, { domain: target.domain, events: rows.map(toEvent) });
  } catch (error) {
    // Back in the queue now rather than when the lease ends: the loop's own backoff paces retries.
    // (If the release fails too, the lease still brings them back.)
    await target.dataSource.query(`SELECT ${schema}.release_outbox($1::uuid[])`, [ids]).catch(() => undefined);
    throw error;
  }
  await target.dataSource.query(`SELECT ${schema}.ack_outbox($1::uuid[])`, [ids]);
  return rows.length;
}

/** Relays until the outbox has nothing claimable left (tests, shutdown). */
export async function drainOutbox(target: RelayTarget): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await relayOnce(target);
    total += n;
    if (n === 0) return total;
  }
}

export interface OutboxRelay {
  /** Stops polling and waits for a batch in flight; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The background loop of one subgraph process: polls every `intervalMs`, goes straight on while
 * batches come back full, and backs off (doubling, up to 30 s) while identity or the database
 * fails. Several replicas may run it: claims skip each other's rows.
 */
export function startOutboxRelay(target: RelayTarget & { intervalMs: number; log: Logger }): OutboxRelay {
  const batchSize = target.batchSize ?? RELAY_BATCH_SIZE;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick();
    }, delayMs);
    // The relay alone must not keep a process alive that is otherwise done.
    timer.unref();
  };

  const tick = async () => {
    try {
      const delivered = await relayOnce({ ...target, batchSize });
      if (failures > 0) target.log.info('outbox relay recovered', { domain: target.domain });
      failures = 0;
      schedule(delivered === batchSize ? 0 : target.intervalMs);
    } catch (error) {
      failures++;
      const delayMs = Math.min(target.intervalMs * 2 ** failures, MAX_BACKOFF_MS);
      // The first failure is normal at start-up (identity not listening yet): warn once, then quietly retry.
      const level = failures === 1 || failures % 10 === 0 ? 'warn' : 'debug';
      target.log[level]('outbox relay failed; retrying', {
        domain: target.domain,
        failures,
        retryInMs: delayMs,
        error: error instanceof Error ? error.message : String(error),
      });
      schedule(delayMs);
    }
  };

  schedule(target.intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
