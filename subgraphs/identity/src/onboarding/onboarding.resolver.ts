import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, SignedIn, paginate, type RequestContext } from '@leadgraph/shared';
import { OnboardingProgress, OnboardingStep } from './onboarding.entity';
import { Onboarding, OnboardingStepInput, OnboardingStepPayload } from './onboarding.inputs';
import { callerProgressByStep } from './onboarding.loader';
import { completeStep, onboardingOf, skipStep } from './onboarding.service';

export const OnboardingStepConnection = ConnectionType(OnboardingStep);

@Resolver(() => OnboardingStep)
export class OnboardingResolver {
  @SignedIn()
  @Query(() => OnboardingStepConnection, { description: 'The onboarding steps, in order (the same for everyone).' })
  onboardingSteps(@Args() args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(OnboardingStep, 'step'),
      args,
      filterColumns: {},
      orderColumns: { ORDER: { sql: 'step.order_index', property: 'orderIndex' } },
      defaultOrder: [{ field: 'ORDER', direction: OrderDirection.ASC }],
      idColumn: 'step.id',
    });
  }

  @SignedIn()
  @Query(() => Onboarding, { description: "Where the caller stands in onboarding; onboardingSteps gives each step's `progress`." })
  myOnboarding(@Ctx() ctx: RequestContext): Promise<Onboarding> {
    return onboardingOf(ctx);
  }

  @SignedIn()
  @Mutation(() => OnboardingStepPayload, { description: 'Marks a step done for the caller (also after skipping it); doing it again keeps the first time.' })
  completeOnboardingStep(@Arg('input') input: OnboardingStepInput, @Ctx() ctx: RequestContext): Promise<OnboardingStepPayload> {
    return completeStep(ctx, input);
  }

  @SignedIn()
  @Mutation(() => OnboardingStepPayload, { description: 'Skips an optional step for the caller; a required or completed step is BAD_USER_INPUT.' })
  skipOnboardingStep(@Arg('input') input: OnboardingStepInput, @Ctx() ctx: RequestContext): Promise<OnboardingStepPayload> {
    return skipStep(ctx, input);
  }

  @FieldResolver(() => OnboardingProgress, { nullable: true, description: "The caller's outcome of this step; null while open." })
  progress(@Root() step: OnboardingStep, @Ctx() ctx: RequestContext): Promise<OnboardingProgress | null> {
    return callerProgressByStep(ctx).load(step.id);
  }
}
