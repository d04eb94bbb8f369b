import { Field, InputType } from 'type-graphql';
import { BooleanFilter, OrderInput, StringFilter } from '@leadgraph/shared';
import type { SubscriptionTier } from './tier.entity';

@InputType({ description: 'Filter subscription tiers; fields combine with AND.' })
export class SubscriptionTierFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) isActive?: BooleanFilter;
  @Field(() => [SubscriptionTierFilter], { nullable: true }) and?: SubscriptionTierFilter[];
  @Field(() => [SubscriptionTierFilter], { nullable: true }) or?: SubscriptionTierFilter[];
  @Field(() => SubscriptionTierFilter, { nullable: true }) not?: SubscriptionTierFilter;
}

export const TIER_FILTER_COLUMNS = {
  name: 'tier.name',
  isActive: 'tier.is_active',
};

export enum SubscriptionTierOrderField {
  SORT_ORDER = 'SORT_ORDER',
  PRICE_MONTHLY = 'PRICE_MONTHLY',
  NAME = 'NAME',
}
export const SubscriptionTierOrder = OrderInput(SubscriptionTierOrderField, 'SubscriptionTier');

export const TIER_ORDER_COLUMNS: Record<SubscriptionTierOrderField, { sql: string; property: keyof SubscriptionTier & string }> = {
  SORT_ORDER: { sql: 'tier.sort_order', property: 'sortOrder' },
  PRICE_MONTHLY: { sql: 'tier.price_monthly', property: 'priceMonthly' },
  NAME: { sql: 'tier.name', property: 'name' },
};
