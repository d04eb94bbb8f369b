import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Permission } from './permission.entity';
import { PERMISSION_FILTER_COLUMNS, PERMISSION_ORDER_COLUMNS, PermissionFilter, PermissionOrder } from './permission.inputs';

export const PermissionConnection = ConnectionType(Permission);

@Resolver(() => Permission)
export class PermissionResolver {
  @Requires('identity.role.read')
  @Query(() => PermissionConnection, { description: 'The permission catalog: every permission a role may grant (the same for all tenants).' })
  permissions(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => PermissionFilter, { nullable: true }) filter?: PermissionFilter,
    @Arg('orderBy', () => [PermissionOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Permission, 'permission'),
      args,
      filter: filter as never,
      filterColumns: PERMISSION_FILTER_COLUMNS,
      orderBy,
      orderColumns: PERMISSION_ORDER_COLUMNS,
      defaultOrder: [{ field: 'NAME', direction: OrderDirection.ASC }],
      idColumn: 'permission.name',
    });
  }
}
