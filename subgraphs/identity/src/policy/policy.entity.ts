import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PolicyDefinition } from './policy.definition';

/** 001's access_control_policies: ABAC rules that narrow what roles grant (policy.definition.ts). */
@ObjectType({ description: 'A rule that narrows what roles grant; it never grants anything.' })
@Entity({ name: 'access_control_policies', schema: 'identity' })
export class AccessControlPolicy {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => GraphQLJSONObject, { description: '{ effect: "deny", permissions: [...], when?: condition }; see the createAccessControlPolicy description.' })
  @Column({ name: 'policy_definition', type: 'jsonb' })
  policyDefinition: PolicyDefinition;
  @Field() @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
