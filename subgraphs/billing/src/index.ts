import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { BillingInit1764000000000 } from '../migrations/1764000000000-BillingInit';
import { BillingAuditTrail1764100000400 } from '../migrations/1764100000400-BillingAuditTrail';
import { BillingApiUsage1764200000000 } from '../migrations/1764200000000-BillingApiUsage';
import { billingDefinition } from './schema';
import { seedBilling } from './seed';
import { mountPlanLimitsRoute } from './subscription/plan-limits.route';
import { TenantSubscription } from './subscription/subscription.entity';
import { SubscriptionTier } from './tier/tier.entity';
import { ApiUsage } from './usage/usage.entity';
import { mountApiUsageRoute } from './usage/usage.ingest';

export const billing: SubgraphModule = {
  name: 'billing',
  defaultPort: 4006,
  entities: [SubscriptionTier, TenantSubscription, ApiUsage],
  migrations: [BillingInit1764000000000, BillingAuditTrail1764100000400, BillingApiUsage1764200000000],
  definition: billingDefinition,
  seedDemo: seedBilling,
  routes(app, deps) {
    // The gateway's rate limiter asks for a tenant's plan limit (internal, its own token audience).
    mountPlanLimitsRoute(app, deps);
    // ...and its metering delivers usage batches.
    mountApiUsageRoute(app, deps);
  },
};

export { SubscriptionTier, TenantSubscription, ApiUsage };
export { type ApiUsageBatch, type ApiUsageRecord } from './usage/usage.ingest';
export { type PlanLimits } from './subscription/plan-limits.route';
