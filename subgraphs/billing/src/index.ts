import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { BillingInit1764000000000 } from '../migrations/1764000000000-BillingInit';
import { BillingAuditTrail1764100000400 } from '../migrations/1764100000400-BillingAuditTrail';
import { billingDefinition } from './schema';
import { seedBilling } from './seed';
import { TenantSubscription } from './subscription/subscription.entity';
import { SubscriptionTier } from './tier/tier.entity';

export const billing: SubgraphModule = {
  name: 'billing',
  defaultPort: 4006,
  entities: [SubscriptionTier, TenantSubscription],
  migrations: [BillingInit1764000000000, BillingAuditTrail1764100000400],
  definition: billingDefinition,
  seedDemo: seedBilling,
};

export { SubscriptionTier, TenantSubscription };
