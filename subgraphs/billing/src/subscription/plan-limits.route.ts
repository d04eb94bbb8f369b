import { PLAN_LIMITS_ROUTE, mountServiceIngestRoute, z, type RouteDeps } from '@leadgraph/shared';

type App = Parameters<typeof mountServiceIngestRoute>[0];

export const planLimitsQuestionSchema = z.object({
  domain: z.string().min(1).max(50),
  tenantIds: z.array(z.guid()).min(1).max(100),
});
export type PlanLimitsQuestion = z.infer<typeof planLimitsQuestionSchema>;

/** Per tenant: its plan's api_requests_per_minute, or null (no subscription, canceled, or a tier without one). */
export type PlanLimits = Record<string, { apiRequestsPerMinute: number | null }>;

/**
 * The tier limits of each tenant's subscription. A past-due subscription keeps its plan's limit
 * (payment trouble is not a reason to throttle the API); a canceled one has no plan. The route
 * has no request tenant, so each tenant is set in turn (RLS), in one read-only transaction.
 */
export async function planLimits(tenantIds: string[], { dataSource }: Pick<RouteDeps, 'dataSource'>): Promise<PlanLimits> {
  return dataSource.transaction(async (manager) => {
    const limits: PlanLimits = {};
    for (const tenantId of new Set(tenantIds)) {
      await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const [row]: { rpm: number | null }[] = await manager.query(
        `SELECT t.api_requests_per_minute AS rpm
           FROM billing.tenant_subscriptions s
           JOIN billing.subscription_tiers t ON t.id = s.tier_id
          WHERE s.tenant_id = $1 AND s.status <> 'canceled'`,
        [tenantId],
      );
      limits[tenantId] = { apiRequestsPerMinute: row?.rpm ?? null };
    }
    return limits;
  });
}

/** `POST /internal/plan-limits` `{ domain, tenantIds }` → `{ limits: { <tenantId>: { apiRequestsPerMinute } } }`. */
export function mountPlanLimitsRoute(app: App, deps: RouteDeps): void {
  mountServiceIngestRoute(
    app,
    deps,
    { ...PLAN_LIMITS_ROUTE, limit: '16kb', handle: async (q, d) => ({ limits: await planLimits(q.tenantIds, d) }) },
    planLimitsQuestionSchema,
  );
}
