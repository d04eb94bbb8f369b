import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { ApiUsage } from './usage.entity';
import { API_USAGE_FILTER_COLUMNS, API_USAGE_ORDER_COLUMNS, ApiUsageFilter, ApiUsageOrder } from './usage.inputs';

export const ApiUsageConnection = ConnectionType(ApiUsage);

@Resolver(() => ApiUsage)
export class ApiUsageResolver {
  @Requires('billing.usage.read')
  @Query(() => ApiUsageConnection, {
    description: "Your tenant's API requests as the gateway metered them, newest first; rows arrive in batches, a few seconds after the request.",
  })
  apiUsage(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ApiUsageFilter, { nullable: true }) filter?: ApiUsageFilter,
    @Arg('orderBy', () => [ApiUsageOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(ApiUsage, 'u'),
      args,
      filter: filter as never,
      filterColumns: API_USAGE_FILTER_COLUMNS,
      orderBy,
      orderColumns: API_USAGE_ORDER_COLUMNS,
      defaultOrder: [{ field: 'OCCURRED_AT', direction: OrderDirection.DESC }],
      idColumn: 'u.id',
    });
  }
}
