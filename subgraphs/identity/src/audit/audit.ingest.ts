import type { OutboxBatch, OutboxEvent, RouteDeps } from '@leadgraph/shared';

/**
 * Stores a relay's batch in identity.audit_logs, once per event id (ON CONFLICT DO NOTHING), so
 * a batch delivered twice adds nothing. The route has no request tenant: RLS still applies, so
 * the tenant is set for each tenant's events in turn, in one transaction (all or nothing: the
 * relay then acks or retries the whole batch). Returns how many events were new.
 */
export async function storeAuditEvents(batch: OutboxBatch, { dataSource }: RouteDeps): Promise<number> {
  const byTenant = new Map<string, OutboxEvent[]>();
  for (const event of batch.events) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  if (byTenant.size === 0) return 0;
  return dataSource.transaction(async (manager) => {
    let inserted = 0;
    for (const [tenantId, events] of byTenant) {
      await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const rows: unknown[] = await manager.query(
        `INSERT INTO identity.audit_logs (id, tenant_id, user_id, entity_type, entity_id, action, entity_name,
                                          old_values, new_values, request_id, domain, occurred_at)
         SELECT e.id, e."tenantId", e."actorId", e."entityType", e."entityId", e.action, left(e."entityName", 255),
                e."oldValues", e."newValues", left(e."requestId", 128), $2, e."occurredAt"
           FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, "tenantId" uuid, "actorId" uuid, "entityType" text, "entityId" uuid,
                                                   action text, "entityName" text, "oldValues" jsonb, "newValues" jsonb,
                                                   "requestId" text, "occurredAt" timestamptz)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [JSON.stringify(events), batch.domain],
      );
      inserted += rows.length;
    }
    return inserted;
  });
}
