import { Field, InputType, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsString, Length } from 'class-validator';
import { NotNullable } from '@leadgraph/shared';
import { Tenant } from './tenant.entity';

@InputType()
export class UpdateTenantInput {
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Replaces the whole settings document (at most 64 KiB of JSON).' })
  @NotNullable()
  settings?: Record<string, unknown>;
}

@ObjectType()
export class TenantPayload {
  @Field(() => Tenant) tenant: Tenant;
}
