import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * 001's resource_ownership: who owns a record of any domain (`crm.lead` + its id). Policies
 * read it (`resource.ownedByPrincipal`) to narrow what roles grant.
 */
@ObjectType({ description: 'The owner of one record of any domain, for access-control policies.' })
@Entity({ name: 'resource_ownership', schema: 'identity' })
export class ResourceOwnership {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field({ description: 'Domain and type, e.g. crm.lead.' }) @Column({ name: 'resource_type', type: 'varchar', length: 50 }) resourceType: string;
  @Field(() => ID) @Column({ name: 'resource_id', type: 'uuid' }) resourceId: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
