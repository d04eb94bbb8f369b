import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed logins, lockouts, key revocations, token reuse... (seed 001 security_events). */
@ObjectType({ description: 'A security-relevant event in the tenant.' })
@Entity({ name: 'security_events', schema: 'identity' })
export class SecurityEvent {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field(() => ID, { nullable: true }) @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Field() @Column({ name: 'event_type', type: 'varchar', length: 50 }) eventType: string;
  @Field() @Column({ type: 'varchar', length: 10 }) severity: string;
  @Field(() => GraphQLJSONObject) @Column({ type: 'jsonb', default: {} }) details: Record<string, unknown>;
  @Field(() => String, { nullable: true }) @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true }) ipAddress: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true }) userAgent: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true }) requestId: string | null;
  @Field() @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt: Date;
}

/** Access decisions worth keeping, above all every support-staff request (seed 001 access_logs). */
@ObjectType({ description: 'An access to tenant data, e.g. by support staff.' })
@Entity({ name: 'access_logs', schema: 'identity' })
export class AccessLog {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field(() => ID, { nullable: true, description: 'The user acting (the support user for support access).' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;
  @Field() @Column({ name: 'resource_type', type: 'varchar', length: 50 }) resourceType: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'resource_id', type: 'varchar', length: 255, nullable: true }) resourceId: string | null;
  @Field() @Column({ type: 'varchar', length: 50 }) action: string;
  @Field() @Column({ type: 'boolean' }) allowed: boolean;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'operation_name', type: 'varchar', length: 200, nullable: true }) operationName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true }) ipAddress: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true }) userAgent: string | null;
  @Field() @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt: Date;
}
