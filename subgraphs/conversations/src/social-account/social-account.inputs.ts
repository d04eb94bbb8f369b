import { Field, InputType } from 'type-graphql';
import { BooleanFilter, DateTimeFilter, OrderInput, StringFilter } from '@leadgraph/shared';
import type { SocialAccount } from './social-account.entity';

@InputType({ description: 'Filter social accounts; fields combine with AND.' })
export class SocialAccountFilter {
  @Field(() => StringFilter, { nullable: true }) platform?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) accountName?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) active?: BooleanFilter;
  @Field(() => DateTimeFilter, { nullable: true }) connectedAt?: DateTimeFilter;
  @Field(() => [SocialAccountFilter], { nullable: true }) and?: SocialAccountFilter[];
  @Field(() => [SocialAccountFilter], { nullable: true }) or?: SocialAccountFilter[];
  @Field(() => SocialAccountFilter, { nullable: true }) not?: SocialAccountFilter;
}

export const SOCIAL_ACCOUNT_FILTER_COLUMNS = {
  platform: 'sa.platform',
  accountName: 'sa.account_name',
  active: 'sa.active',
  connectedAt: 'sa.connected_at',
};

export enum SocialAccountOrderField {
  CONNECTED_AT = 'CONNECTED_AT',
  PLATFORM = 'PLATFORM',
}
export const SocialAccountOrder = OrderInput(SocialAccountOrderField, 'SocialAccount');

export const SOCIAL_ACCOUNT_ORDER_COLUMNS: Record<SocialAccountOrderField, { sql: string; property: keyof SocialAccount & string }> = {
  CONNECTED_AT: { sql: 'sa.connected_at', property: 'connectedAt' },
  PLATFORM: { sql: 'sa.platform', property: 'platform' },
};
