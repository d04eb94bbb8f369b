import DataLoader from 'dataloader';
import { isUUID } from 'class-validator';
import { In } from 'typeorm';
import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { TenantSubscription } from './subscription.entity';

export const subscriptionById = (ctx: RequestContext) => loader(ctx, 'subscription.byId', (c) => byIdLoader(c, TenantSubscription));

/**
 * Subscriptions by tenant id, one query per tick. RLS shows only the caller's tenant, so any
 * other tenant id answers null, exactly like a tenant without a subscription.
 */
export const subscriptionByTenant = (ctx: RequestContext) =>
  loader(ctx, 'subscription.byTenant', (c) =>
    new DataLoader<string, TenantSubscription | null>(async (tenantIds) => {
      const valid = tenantIds.filter((id) => isUUID(id));
      const rows = valid.length ? await c.manager.findBy(TenantSubscription, { tenantId: In(valid) }) : [];
      const byTenant = new Map(rows.map((row) => [row.tenantId, row]));
      return tenantIds.map((id) => byTenant.get(id) ?? null);
    }),
  );
