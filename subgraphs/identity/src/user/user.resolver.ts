import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import {
  AppError,
  ConnectionArgs,
  ConnectionType,
  ErrorCode,
  OrderDirection,
  Requires,
  SignedIn,
  paginate,
  type RequestContext,
  type SortSpec,
} from '@leadgraph/shared';
import { Role } from '../role/role.entity';
import { rolesByUser } from '../role/role.loader';
import { Tenant } from '../tenant/tenant.entity';
import { tenantById } from '../tenant/tenant.loader';
import { User } from './user.entity';
import { UserFilter, UserOrder } from './user.inputs';
import { userById } from './user.loader';

export const UserConnection = ConnectionType(User);

@Resolver(() => User)
export class UserResolver {
  @SignedIn()
  @Query(() => User, { description: 'The signed-in user.' })
  async me(@Ctx() ctx: RequestContext): Promise<User> {
    const user = ctx.principal.userId ? await userById(ctx).load(ctx.principal.userId) : null;
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The signed-in user no longer exists');
    return user;
  }

  @Requires('identity.user.read')
  @Query(() => User, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User | null> {
    return userById(ctx).load(id);
  }

  @Requires('identity.user.read')
  @Query(() => UserConnection)
  users(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => UserFilter, { nullable: true }) filter?: UserFilter,
    @Arg('orderBy', () => [UserOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(User, 'u'),
      args,
      filter: filter as never,
      filterColumns: { email: 'u.email', name: 'u.name', isActive: 'u.is_active', createdAt: 'u.created_at' },
      orderBy,
      orderColumns: {
        CREATED_AT: { sql: 'u.created_at', property: 'createdAt' },
        NAME: { sql: 'u.name', property: 'name' },
        EMAIL: { sql: 'u.email', property: 'email' },
      },
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.ASC }],
      idColumn: 'u.id',
    });
  }

  @FieldResolver(() => Tenant)
  async tenant(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Tenant> {
    const tenant = await tenantById(ctx).load(user.tenantId);
    if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, 'Tenant not found');
    return tenant;
  }

  @FieldResolver(() => [Role], { description: 'Roles held by the user (a handful; not paginated).' })
  roles(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Role[]> {
    return rolesByUser(ctx).load(user.id);
  }

  @FieldResolver(() => User, { nullable: true, description: "The user's manager (004 hierarchy)." })
  manager(@Root() user: User, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return user.managerId ? userById(ctx).load(user.managerId) : null;
  }
}

export const resolveUserReference = (ref: { id: string }, ctx: RequestContext) => userById(ctx).load(ref.id);
