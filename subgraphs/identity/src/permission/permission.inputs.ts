import { Field, InputType } from 'type-graphql';
import { OrderInput, StringFilter } from '@leadgraph/shared';
import type { Permission } from './permission.entity';

@InputType({ description: 'Filter the permission catalog; fields combine with AND.' })
export class PermissionFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) domain?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) resource?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) action?: StringFilter;
  @Field(() => [PermissionFilter], { nullable: true }) and?: PermissionFilter[];
  @Field(() => [PermissionFilter], { nullable: true }) or?: PermissionFilter[];
  @Field(() => PermissionFilter, { nullable: true }) not?: PermissionFilter;
}

export const PERMISSION_FILTER_COLUMNS = {
  name: 'permission.name',
  domain: 'permission.domain',
  resource: 'permission.resource',
  action: 'permission.action',
};

export enum PermissionOrderField {
  NAME = 'NAME',
}
export const PermissionOrder = OrderInput(PermissionOrderField, 'Permission');

export const PERMISSION_ORDER_COLUMNS: Record<PermissionOrderField, { sql: string; property: keyof Permission & string }> = {
  NAME: { sql: 'permission.name', property: 'name' },
};
