import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, SignedIn, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { GdprRequest, GdprRequestType } from './gdpr.entity';
import { GDPR_FILTER_COLUMNS, GDPR_ORDER_COLUMNS, GdprRequestFilter, GdprRequestOrder, GdprRequestPayload, RequestGdprInput, UpdateGdprRequestInput } from './gdpr.inputs';
import { gdprRequestById } from './gdpr.loader';
import { requestForCaller, updateGdprRequest } from './gdpr.service';

export const GdprRequestConnection = ConnectionType(GdprRequest);

const NO_JOB_YET = 'Only records the request for an admin to process (gdprRequests, updateGdprRequest): no export or erasure job runs yet.';

@Resolver(() => GdprRequest)
export class GdprRequestResolver {
  @Requires('identity.gdpr.read')
  @Query(() => GdprRequest, { nullable: true })
  gdprRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<GdprRequest | null> {
    return gdprRequestById(ctx).load(id);
  }

  @Requires('identity.gdpr.read')
  @Query(() => GdprRequestConnection, { description: "The tenant's GDPR requests, newest first." })
  gdprRequests(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => GdprRequestFilter, { nullable: true }) filter?: GdprRequestFilter,
    @Arg('orderBy', () => [GdprRequestOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(GdprRequest, 'g'),
      args,
      filter: filter as never,
      filterColumns: GDPR_FILTER_COLUMNS,
      orderBy,
      orderColumns: GDPR_ORDER_COLUMNS,
      defaultOrder: [{ field: 'REQUESTED_AT', direction: OrderDirection.DESC }],
      idColumn: 'g.id',
    });
  }

  @SignedIn()
  @Mutation(() => GdprRequestPayload, { description: `Asks for an export of the caller's personal data. ${NO_JOB_YET} Asking again while one is open returns it.` })
  async requestDataExport(@Arg('input') input: RequestGdprInput, @Ctx() ctx: RequestContext): Promise<GdprRequestPayload> {
    return { gdprRequest: await requestForCaller(ctx, GdprRequestType.EXPORT, input.notes) };
  }

  @SignedIn()
  @Mutation(() => GdprRequestPayload, { description: `Asks for the erasure of the caller's personal data. ${NO_JOB_YET} Asking again while one is open returns it.` })
  async requestErasure(@Arg('input') input: RequestGdprInput, @Ctx() ctx: RequestContext): Promise<GdprRequestPayload> {
    return { gdprRequest: await requestForCaller(ctx, GdprRequestType.ERASURE, input.notes) };
  }

  @Requires('identity.gdpr.write')
  @Mutation(() => GdprRequestPayload, { description: 'Moves a request along (pending, processing, completed, rejected). A closed request is CONFLICT. Changes no data by itself.' })
  async updateGdprRequest(@Arg('input') input: UpdateGdprRequestInput, @Ctx() ctx: RequestContext): Promise<GdprRequestPayload> {
    return { gdprRequest: await updateGdprRequest(ctx, input) };
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who asked; null once their account was erased.' })
  user(@Root() request: GdprRequest, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return request.userId ? userById(ctx).load(request.userId) : null;
  }
}
