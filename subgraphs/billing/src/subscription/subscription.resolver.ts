import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AppError, ErrorCode, Requires, requireTenant, type RequestContext } from '@leadgraph/shared';
import { SubscriptionTier } from '../tier/tier.entity';
import { tierById } from '../tier/tier.loader';
import { TenantSubscription } from './subscription.entity';
import { ChangeSubscriptionInput } from './subscription.inputs';
import { subscriptionById, subscriptionByTenant } from './subscription.loader';
import { changeSubscription } from './subscription.service';

@ObjectType()
export class ChangeSubscriptionPayload {
  @Field(() => TenantSubscription) subscription: TenantSubscription;
}

@Resolver(() => TenantSubscription)
export class TenantSubscriptionResolver {
  @Requires('billing.subscription.read')
  @Query(() => TenantSubscription, { nullable: true, description: "Your tenant's subscription, or null when it has none." })
  subscription(@Ctx() ctx: RequestContext): Promise<TenantSubscription | null> {
    return subscriptionByTenant(ctx).load(requireTenant(ctx));
  }

  @Requires('billing.subscription.write')
  @Mutation(() => ChangeSubscriptionPayload, { description: "Puts your tenant on an active tier, creating its subscription if needed." })
  async changeSubscription(@Arg('input') input: ChangeSubscriptionInput, @Ctx() ctx: RequestContext): Promise<ChangeSubscriptionPayload> {
    return { subscription: await changeSubscription(ctx, input) };
  }

  @FieldResolver(() => SubscriptionTier)
  async tier(@Root() subscription: TenantSubscription, @Ctx() ctx: RequestContext): Promise<SubscriptionTier> {
    const tier = await tierById(ctx).load(subscription.tierId);
    // The foreign key guarantees the tier; its absence is a bug, not a client error.
    if (!tier) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Subscription tier missing');
    return tier;
  }
}

export const resolveSubscriptionReference = (ref: { id: string }, ctx: RequestContext) => subscriptionById(ctx).load(ref.id);
