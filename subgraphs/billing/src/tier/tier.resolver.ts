import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { SubscriptionTier } from './tier.entity';
import { SubscriptionTierFilter, SubscriptionTierOrder, TIER_FILTER_COLUMNS, TIER_ORDER_COLUMNS } from './tier.inputs';
import { tierById } from './tier.loader';

export const SubscriptionTierConnection = ConnectionType(SubscriptionTier);

@Resolver(() => SubscriptionTier)
export class SubscriptionTierResolver {
  @Requires('billing.tier.read')
  @Query(() => SubscriptionTier, { nullable: true, description: 'A plan of the catalog, or null.' })
  subscriptionTier(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SubscriptionTier | null> {
    return tierById(ctx).load(id);
  }

  @Requires('billing.tier.read')
  @Query(() => SubscriptionTierConnection, { description: 'The plan catalog, in catalog order (sortOrder) by default.' })
  subscriptionTiers(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => SubscriptionTierFilter, { nullable: true }) filter?: SubscriptionTierFilter,
    @Arg('orderBy', () => [SubscriptionTierOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(SubscriptionTier, 'tier'),
      args,
      filter: filter as never,
      filterColumns: TIER_FILTER_COLUMNS,
      orderBy,
      orderColumns: TIER_ORDER_COLUMNS,
      defaultOrder: [{ field: 'SORT_ORDER', direction: OrderDirection.ASC }],
      idColumn: 'tier.id',
    });
  }
}

export const resolveTierReference = (ref: { id: string }, ctx: RequestContext) => tierById(ctx).load(ref.id);
