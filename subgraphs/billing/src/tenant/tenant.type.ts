import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Identity owns Tenant; billing adds `subscription` to it. Billing knows nothing about a tenant
 * but its id, so this type has no other field and no table.
 */
@Directive('@key(fields: "id")')
@ObjectType()
export class Tenant {
  @Field(() => ID) id: string;
}
