import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OnboardingProgress, OnboardingStep } from './onboarding.entity';

@InputType()
export class OnboardingStepInput {
  @Field(() => ID, { nullable: true, description: 'The step, by id or by key (give one).' }) stepId?: string;
  @Field(() => String, { nullable: true }) stepKey?: string;
}

@ObjectType({ description: "The caller's onboarding: where they stand, and what is next." })
export class Onboarding {
  @Field({ description: 'Every required step is completed.' }) isComplete: boolean;
  @Field(() => Int) completedCount: number;
  @Field(() => Int) skippedCount: number;
  @Field(() => Int, { description: 'Required steps not completed yet.' }) requiredRemaining: number;
  @Field(() => OnboardingStep, { nullable: true, description: 'The first step neither completed nor skipped.' }) nextStep: OnboardingStep | null;
}

@ObjectType()
export class OnboardingStepPayload {
  @Field(() => OnboardingStep) step: OnboardingStep;
  @Field(() => OnboardingProgress) progress: OnboardingProgress;
  @Field(() => Onboarding) onboarding: Onboarding;
}
