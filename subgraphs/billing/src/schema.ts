import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { TenantSubscriptionResolver, resolveSubscriptionReference } from './subscription/subscription.resolver';
import { TenantResolver, resolveTenantReference } from './tenant/tenant.resolver';
import { Tenant } from './tenant/tenant.type';
import { SubscriptionTierResolver, resolveTierReference } from './tier/tier.resolver';
import { ApiUsageResolver } from './usage/usage.resolver';

export const billingDefinition: SubgraphDefinition = {
  name: 'billing',
  resolvers: [SubscriptionTierResolver, TenantSubscriptionResolver, TenantResolver, ApiUsageResolver],
  // No billing field returns Tenant: the gateway reaches it only through `_entities`.
  orphanedTypes: [Tenant],
  references: {
    SubscriptionTier: resolveTierReference,
    TenantSubscription: resolveSubscriptionReference,
    Tenant: resolveTenantReference,
  },
};

export const buildBillingSchema = (): Promise<GraphQLSchema> => buildSubgraph(billingDefinition);
