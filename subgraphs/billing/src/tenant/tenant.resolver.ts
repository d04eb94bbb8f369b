import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Requires, type RequestContext } from '@leadgraph/shared';
import { TenantSubscription } from '../subscription/subscription.entity';
import { subscriptionByTenant } from '../subscription/subscription.loader';
import { Tenant } from './tenant.type';

@Resolver(() => Tenant)
export class TenantResolver {
  // Reachable from identity's Tenant without any billing root field: guard it like one.
  @Requires('billing.subscription.read')
  @FieldResolver(() => TenantSubscription, { nullable: true, description: "The tenant's subscription; null for any tenant but yours." })
  subscription(@Root() tenant: Tenant, @Ctx() ctx: RequestContext): Promise<TenantSubscription | null> {
    return subscriptionByTenant(ctx).load(tenant.id);
  }
}

// Nothing to look up: the id is all billing holds, and `subscription` does the (RLS-bound) query.
export const resolveTenantReference = (ref: { id: string }): Tenant => ({ id: ref.id });
