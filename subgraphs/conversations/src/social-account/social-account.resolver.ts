import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { SocialAccount } from './social-account.entity';
import { SOCIAL_ACCOUNT_FILTER_COLUMNS, SOCIAL_ACCOUNT_ORDER_COLUMNS, SocialAccountFilter, SocialAccountOrder } from './social-account.inputs';
import { socialAccountById } from './social-account.loader';

export const SocialAccountConnection = ConnectionType(SocialAccount);

// Read-only for now: connecting an account needs token encryption, which a later change adds.
@Resolver(() => SocialAccount)
export class SocialAccountResolver {
  @Requires('conversations.conversation.read')
  @Query(() => SocialAccount, { nullable: true, description: 'A social account of your tenant, or null.' })
  socialAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SocialAccount | null> {
    return socialAccountById(ctx).load(id);
  }

  @Requires('conversations.conversation.read')
  @Query(() => SocialAccountConnection)
  socialAccounts(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => SocialAccountFilter, { nullable: true }) filter?: SocialAccountFilter,
    @Arg('orderBy', () => [SocialAccountOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(SocialAccount, 'sa'),
      args,
      filter: filter as never,
      filterColumns: SOCIAL_ACCOUNT_FILTER_COLUMNS,
      orderBy,
      orderColumns: SOCIAL_ACCOUNT_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CONNECTED_AT', direction: OrderDirection.ASC }],
      idColumn: 'sa.id',
    });
  }
}

export const resolveSocialAccountReference = (ref: { id: string }, ctx: RequestContext) => socialAccountById(ctx).load(ref.id);
