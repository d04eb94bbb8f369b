import { API_USAGE_ROUTE, mountServiceIngestRoute, z, type RouteDeps } from '@leadgraph/shared';

type App = Parameters<typeof mountServiceIngestRoute>[0];

// Any 8-4-4-4-12 hex id (z.uuid() would also demand an RFC version and variant).
const uuid = z.guid();

export const apiUsageRecordSchema = z.object({
  id: uuid,
  tenantId: uuid,
  userId: uuid.nullable(),
  apiKeyId: uuid.nullable(),
  principalKind: z.enum(['user', 'api_key', 'support', 'service']),
  endpoint: z.string().min(1).max(255),
  method: z.string().min(1).max(10),
  statusCode: z.number().int().min(100).max(599),
  responseTimeMs: z.number().int().min(0).max(2_147_483_647),
  operationName: z.string().max(200).nullable(),
  operationType: z.enum(['query', 'mutation', 'subscription']).nullable(),
  requestId: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type ApiUsageRecord = z.infer<typeof apiUsageRecordSchema>;

export const apiUsageBatchSchema = z.object({
  domain: z.literal('gateway'),
  records: z.array(apiUsageRecordSchema).min(1).max(10_000),
});
export type ApiUsageBatch = z.infer<typeof apiUsageBatchSchema>;

/**
 * Stores a batch in billing.api_usage, once per record id (ON CONFLICT DO NOTHING), so a batch
 * the gateway sends again after a lost answer adds nothing. The route has no request tenant:
 * RLS still applies, so the tenant is set for each tenant's records in turn, in one transaction
 * (all or nothing: the gateway keeps or drops the whole batch). Returns how many rows were new.
 */
export async function storeApiUsage(batch: ApiUsageBatch, { dataSource }: Pick<RouteDeps, 'dataSource'>): Promise<number> {
  const byTenant = new Map<string, ApiUsageRecord[]>();
  for (const record of batch.records) byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
  return dataSource.transaction(async (manager) => {
    let inserted = 0;
    for (const [tenantId, records] of byTenant) {
      await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const rows: unknown[] = await manager.query(
        `INSERT INTO billing.api_usage (id, tenant_id, api_key_id, user_id, principal_kind, endpoint, method, status_code,
                                        response_time_ms, operation_name, operation_type, request_id, occurred_at)
         SELECT r.id, r."tenantId", r."apiKeyId", r."userId", r."principalKind", r.endpoint, r.method, r."statusCode",
                r."responseTimeMs", r."operationName", r."operationType", r."requestId", r."occurredAt"
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "tenantId" uuid, "apiKeyId" uuid, "userId" uuid, "principalKind" text,
                                                   endpoint text, method text, "statusCode" int, "responseTimeMs" int,
                                                   "operationName" text, "operationType" text, "requestId" text, "occurredAt" timestamptz)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [JSON.stringify(records)],
      );
      inserted += rows.length;
    }
    return inserted;
  });
}

/** `POST /internal/api-usage`: the gateway's metering delivers its batches here (its own token audience). */
export function mountApiUsageRoute(app: App, deps: RouteDeps): void {
  mountServiceIngestRoute(
    app,
    deps,
    {
      ...API_USAGE_ROUTE,
      // 10 000 records (METERING_MAX_BATCH's ceiling) of about 450 bytes each.
      limit: '8mb',
      handle: async (batch, d) => ({ received: batch.records.length, stored: await storeApiUsage(batch, d) }),
    },
    apiUsageBatchSchema,
  );
}
