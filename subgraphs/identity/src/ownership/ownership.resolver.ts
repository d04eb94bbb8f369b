import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { ResourceOwnership } from './ownership.entity';
import {
  CreateResourceOwnershipInput,
  DeleteResourceOwnershipInput,
  DeleteResourceOwnershipPayload,
  OWNERSHIP_FILTER_COLUMNS,
  OWNERSHIP_ORDER_COLUMNS,
  ResourceOwnershipFilter,
  ResourceOwnershipOrder,
  ResourceOwnershipPayload,
  UpdateResourceOwnershipInput,
} from './ownership.inputs';
import { ownershipById } from './ownership.loader';
import { createOwnership, deleteOwnership, updateOwnership } from './ownership.service';

export const ResourceOwnershipConnection = ConnectionType(ResourceOwnership);

@Resolver(() => ResourceOwnership)
export class ResourceOwnershipResolver {
  @Requires('identity.policy.read')
  @Query(() => ResourceOwnership, { nullable: true })
  resourceOwnership(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ResourceOwnership | null> {
    return ownershipById(ctx).load(id);
  }

  @Requires('identity.policy.read')
  @Query(() => ResourceOwnershipConnection, { description: 'Owners of records; filter by resourceType and resourceId for one record.' })
  resourceOwnerships(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ResourceOwnershipFilter, { nullable: true }) filter?: ResourceOwnershipFilter,
    @Arg('orderBy', () => [ResourceOwnershipOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(ResourceOwnership, 'o'),
      args,
      filter: filter as never,
      filterColumns: OWNERSHIP_FILTER_COLUMNS,
      orderBy,
      orderColumns: OWNERSHIP_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'o.id',
    });
  }

  @Requires('identity.policy.write')
  @Mutation(() => ResourceOwnershipPayload, { description: 'Records the owner of a record; CONFLICT when it has one already.' })
  async createResourceOwnership(@Arg('input') input: CreateResourceOwnershipInput, @Ctx() ctx: RequestContext): Promise<ResourceOwnershipPayload> {
    return { resourceOwnership: await createOwnership(ctx, input) };
  }

  @Requires('identity.policy.write')
  @Mutation(() => ResourceOwnershipPayload)
  async updateResourceOwnership(@Arg('input') input: UpdateResourceOwnershipInput, @Ctx() ctx: RequestContext): Promise<ResourceOwnershipPayload> {
    return { resourceOwnership: await updateOwnership(ctx, input) };
  }

  @Requires('identity.policy.write')
  @Mutation(() => DeleteResourceOwnershipPayload)
  async deleteResourceOwnership(@Arg('input') input: DeleteResourceOwnershipInput, @Ctx() ctx: RequestContext): Promise<DeleteResourceOwnershipPayload> {
    return { deletedResourceOwnershipId: await deleteOwnership(ctx, input.id) };
  }

  @FieldResolver(() => User, { nullable: true })
  owner(@Root() row: ResourceOwnership, @Ctx() ctx: RequestContext): Promise<User | null> {
    return userById(ctx).load(row.ownerId);
  }
}
