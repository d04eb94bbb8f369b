import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext } from '@leadgraph/shared';
import { Role } from './role.entity';
import { roleById } from './role.loader';

export const RoleConnection = ConnectionType(Role);

@Resolver(() => Role)
export class RoleResolver {
  @Requires('identity.role.read')
  @Query(() => RoleConnection, { description: "The tenant's roles, highest level first." })
  roles(@Args() args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Role, 'role'),
      args,
      filterColumns: {},
      orderColumns: { LEVEL: { sql: 'role.level', property: 'level' } },
      defaultOrder: [{ field: 'LEVEL', direction: OrderDirection.DESC }],
      idColumn: 'role.id',
    });
  }
}

export const resolveRoleReference = (ref: { id: string }, ctx: RequestContext) => roleById(ctx).load(ref.id);
