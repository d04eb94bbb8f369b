import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
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
import { Workspace } from '../workspace/workspace.entity';
import { workspaceById } from '../workspace/workspace.loader';
import { User } from './user.entity';
import {
  CreateUserInput,
  DeactivateUserInput,
  ReactivateUserInput,
  USER_FILTER_COLUMNS,
  UpdateUserInput,
  UserFilter,
  UserOrder,
  UserPayload,
  UserReportsArgs,
} from './user.inputs';
import { reportsByManager, userById } from './user.loader';
import { createUser, setUserActive, updateUser } from './user.service';

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
      filterColumns: USER_FILTER_COLUMNS,
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

  @Requires('identity.user.write')
  @Mutation(() => UserPayload, {
    description: 'Creates a member with an initial password and roles (only roles you could assign yourself). CONFLICT when the email is taken.',
  })
  async createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<UserPayload> {
    return { user: await createUser(ctx, input) };
  }

  @Requires('identity.user.write')
  @Mutation(() => UserPayload, { description: 'Changes a user at or below your level; refuses a manager that would make a cycle.' })
  async updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: RequestContext): Promise<UserPayload> {
    return { user: await updateUser(ctx, input) };
  }

  @Requires('identity.user.write')
  @Mutation(() => UserPayload, { description: 'Refuses the user sign-in from now on; their records stay. Recorded as a security event.' })
  async deactivateUser(@Arg('input') input: DeactivateUserInput, @Ctx() ctx: RequestContext): Promise<UserPayload> {
    return { user: await setUserActive(ctx, input.id, false) };
  }

  @Requires('identity.user.write')
  @Mutation(() => UserPayload, { description: 'Lets a deactivated user sign in again.' })
  async reactivateUser(@Arg('input') input: ReactivateUserInput, @Ctx() ctx: RequestContext): Promise<UserPayload> {
    return { user: await setUserActive(ctx, input.id, true) };
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

  @FieldResolver(() => [User], { description: 'Direct reports, by name; at most `first` (max 100). For all, filter users by managerId.' })
  reports(@Root() user: User, @Args() args: UserReportsArgs, @Ctx() ctx: RequestContext): Promise<User[]> {
    return reportsByManager(ctx, args.first).load(user.id);
  }

  @FieldResolver(() => Workspace, { nullable: true })
  workspace(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Workspace | null> | null {
    return user.workspaceId ? workspaceById(ctx).load(user.workspaceId) : null;
  }
}

export const resolveUserReference = (ref: { id: string }, ctx: RequestContext) => userById(ctx).load(ref.id);
