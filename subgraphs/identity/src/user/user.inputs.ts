import { Field, InputType } from 'type-graphql';
import { BooleanFilter, DateTimeFilter, OrderInput, StringFilter } from '@leadgraph/shared';

@InputType({ description: 'Filter users; fields combine with AND.' })
export class UserFilter {
  @Field(() => StringFilter, { nullable: true }) email?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) isActive?: BooleanFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [UserFilter], { nullable: true }) and?: UserFilter[];
  @Field(() => [UserFilter], { nullable: true }) or?: UserFilter[];
  @Field(() => UserFilter, { nullable: true }) not?: UserFilter;
}

export enum UserOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
}
export const UserOrder = OrderInput(UserOrderField, 'User');
