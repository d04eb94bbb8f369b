import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}
registerEnumType(AuditAction, { name: 'AuditAction', description: 'What a change did to its entity.' });

/**
 * One change to one row of any domain (seeds 000, 001, 003 audit_logs), captured by the
 * database in the same transaction as the change and delivered here by the outbox relays.
 */
@ObjectType({ description: 'One change to one entity, in any domain of the tenant.' })
@Entity({ name: 'audit_logs', schema: 'identity' })
export class AuditLog {
  @Field(() => ID, { description: 'The event id: the same change never appears twice.' })
  @PrimaryColumn('uuid')
  id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field({ description: 'The subgraph that owns the entity: identity, crm, assessments...' })
  @Column({ type: 'varchar', length: 50 })
  domain: string;
  @Field({ description: "The entity's table, e.g. leads, podcasts, tenant_subscriptions." })
  @Column({ name: 'entity_type', type: 'varchar', length: 100 })
  entityType: string;
  @Field(() => ID) @Column({ name: 'entity_id', type: 'uuid' }) entityId: string;
  @Field(() => String, { nullable: true, description: "The entity's name or title at the time, for reading." })
  @Column({ name: 'entity_name', type: 'varchar', length: 255, nullable: true })
  entityName: string | null;
  @Field(() => AuditAction) @Column({ type: 'varchar', length: 20 }) action: AuditAction;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Before the change: the whole row for DELETE, the changed columns for UPDATE. Secrets read "[redacted]".' })
  @Column({ name: 'old_values', type: 'jsonb', nullable: true })
  oldValues: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'After the change: the whole row for CREATE, the changed columns for UPDATE.' })
  @Column({ name: 'new_values', type: 'jsonb', nullable: true })
  newValues: Record<string, unknown> | null;
  @Field(() => ID, { nullable: true, description: 'Who made the change (the support user for support access); null for system changes.' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  actorId: string | null;
  @Field(() => String, { nullable: true, description: "The gateway's x-request-id of the request that made the change." })
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true }) ipAddress: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true }) userAgent: string | null;
  @Field({ description: 'When the change was made (its transaction, to the microsecond).' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
  @Field({ description: 'When the entry reached the trail.' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
