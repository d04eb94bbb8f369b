import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsUUID, Length, Matches } from 'class-validator';
import { DateTimeFilter, IDFilter, OrderInput, StringFilter } from '@leadgraph/shared';
import { ResourceOwnership } from './ownership.entity';

const RESOURCE_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;

@InputType({ description: 'Filter resource ownership; fields combine with AND.' })
export class ResourceOwnershipFilter {
  @Field(() => StringFilter, { nullable: true }) resourceType?: StringFilter;
  @Field(() => IDFilter, { nullable: true }) resourceId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) ownerId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [ResourceOwnershipFilter], { nullable: true }) and?: ResourceOwnershipFilter[];
  @Field(() => [ResourceOwnershipFilter], { nullable: true }) or?: ResourceOwnershipFilter[];
  @Field(() => ResourceOwnershipFilter, { nullable: true }) not?: ResourceOwnershipFilter;
}

export const OWNERSHIP_FILTER_COLUMNS = {
  resourceType: 'o.resource_type',
  resourceId: 'o.resource_id',
  ownerId: 'o.owner_id',
  createdAt: 'o.created_at',
};

export enum ResourceOwnershipOrderField {
  CREATED_AT = 'CREATED_AT',
  RESOURCE_TYPE = 'RESOURCE_TYPE',
}
export const ResourceOwnershipOrder = OrderInput(ResourceOwnershipOrderField, 'ResourceOwnership');

export const OWNERSHIP_ORDER_COLUMNS: Record<ResourceOwnershipOrderField, { sql: string; property: keyof ResourceOwnership & string }> = {
  CREATED_AT: { sql: 'o.created_at', property: 'createdAt' },
  RESOURCE_TYPE: { sql: 'o.resource_type', property: 'resourceType' },
};

@InputType()
export class CreateResourceOwnershipInput {
  @Field({ description: 'Domain and type, e.g. crm.lead.' })
  @Length(1, 50)
  @Matches(RESOURCE_TYPE, { message: 'resourceType must look like crm.lead' })
  resourceType: string;
  @Field(() => ID) @IsUUID('all', { message: 'resourceId must be a UUID' }) resourceId: string;
  @Field(() => ID) ownerId: string;
}

@InputType({ description: 'Hands the resource to another owner.' })
export class UpdateResourceOwnershipInput {
  @Field(() => ID) id: string;
  @Field(() => ID) ownerId: string;
}

@InputType()
export class DeleteResourceOwnershipInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class ResourceOwnershipPayload {
  @Field(() => ResourceOwnership) resourceOwnership: ResourceOwnership;
}

@ObjectType()
export class DeleteResourceOwnershipPayload {
  @Field(() => ID) deletedResourceOwnershipId: string;
}
