import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, IsString, Length } from 'class-validator';
import { BooleanFilter, DateTimeFilter, NotNullable, OrderInput, StringFilter } from '@leadgraph/shared';
import { AccessControlPolicy } from './policy.entity';

@InputType({ description: 'Filter access-control policies; fields combine with AND.' })
export class AccessControlPolicyFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) enabled?: BooleanFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [AccessControlPolicyFilter], { nullable: true }) and?: AccessControlPolicyFilter[];
  @Field(() => [AccessControlPolicyFilter], { nullable: true }) or?: AccessControlPolicyFilter[];
  @Field(() => AccessControlPolicyFilter, { nullable: true }) not?: AccessControlPolicyFilter;
}

export const POLICY_FILTER_COLUMNS = { name: 'policy.name', enabled: 'policy.enabled', createdAt: 'policy.created_at' };

export enum AccessControlPolicyOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
export const AccessControlPolicyOrder = OrderInput(AccessControlPolicyOrderField, 'AccessControlPolicy');

export const POLICY_ORDER_COLUMNS: Record<AccessControlPolicyOrderField, { sql: string; property: keyof AccessControlPolicy & string }> = {
  NAME: { sql: 'policy.name', property: 'name' },
  CREATED_AT: { sql: 'policy.created_at', property: 'createdAt' },
};

@InputType()
export class CreateAccessControlPolicyInput {
  @Field() @Length(1, 255) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => GraphQLJSONObject) policyDefinition: Record<string, unknown>;
  @Field({ nullable: true, description: 'Default true.' }) @IsOptional() enabled?: boolean;
}

@InputType()
export class UpdateAccessControlPolicyInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) @NotNullable() policyDefinition?: Record<string, unknown>;
  @Field({ nullable: true }) @NotNullable() enabled?: boolean;
}

@InputType()
export class DeleteAccessControlPolicyInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class AccessControlPolicyPayload {
  @Field(() => AccessControlPolicy) accessControlPolicy: AccessControlPolicy;
}

@ObjectType()
export class DeleteAccessControlPolicyPayload {
  @Field(() => ID) deletedAccessControlPolicyId: string;
}
