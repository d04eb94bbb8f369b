import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { BillingCycle } from './subscription.entity';

@InputType({ description: 'Name the tier by tierName or by tierId (exactly one).' })
export class ChangeSubscriptionInput {
  @Field({ nullable: true, description: 'e.g. growth' }) @IsOptional() @Length(1, 50) tierName?: string;
  @Field(() => ID, { nullable: true }) tierId?: string;
  @Field(() => BillingCycle, { nullable: true, description: 'Keeps the current cycle when omitted (monthly for a new subscription).' })
  billingCycle?: BillingCycle;
}
