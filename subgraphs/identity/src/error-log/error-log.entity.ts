import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Requires } from '@leadgraph/shared';

export enum ErrorSeverity {
  LOW = 'low',
  MEDIUM = 'medium',
  HIGH = 'high',
  CRITICAL = 'critical',
}
registerEnumType(ErrorSeverity, { name: 'ErrorSeverity' });

/**
 * 000's error_logs. tenant_id is null for system errors, which no tenant (and so no app-role
 * request) ever sees. Stack traces, bodies, headers and context describe the server, which the
 * API otherwise never shows: those fields need support.access on top of identity.error.read,
 * so a tenant admin (identity.*) sees what failed and when, support staff see why.
 */
@ObjectType({ description: 'An error that happened while serving the tenant.' })
@Entity({ name: 'error_logs', schema: 'identity' })
export class ErrorLog {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true }) tenantId: string | null;
  @Field(() => ID, { nullable: true }) @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Field({ description: 'Category, e.g. API_ERROR, DATABASE_ERROR.' }) @Column({ name: 'error_type', type: 'varchar', length: 100 }) errorType: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'error_code', type: 'varchar', length: 50, nullable: true }) errorCode: string | null;
  @Field(() => ErrorSeverity) @Column({ type: 'varchar', length: 10, default: 'medium' }) severity: ErrorSeverity;
  @Field() @Column({ name: 'error_message', type: 'text' }) errorMessage: string;
  @Requires('support.access')
  @Field(() => String, { nullable: true })
  @Column({ name: 'stack_trace', type: 'text', nullable: true })
  stackTrace: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 200, nullable: true }) endpoint: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 10, nullable: true }) method: string | null;
  @Field(() => Int, { nullable: true }) @Column({ name: 'status_code', type: 'int', nullable: true }) statusCode: number | null;
  @Requires('support.access')
  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ name: 'request_body', type: 'jsonb', nullable: true })
  requestBody: Record<string, unknown> | null;
  @Requires('support.access')
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Sensitive headers are redacted before they are stored.' })
  @Column({ name: 'request_headers', type: 'jsonb', nullable: true })
  requestHeaders: Record<string, unknown> | null;
  @Requires('support.access')
  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: Record<string, unknown> | null;
  @Field(() => Int, { nullable: true }) @Column({ name: 'duration_ms', type: 'int', nullable: true }) durationMs: number | null;
  @Field() @Column({ type: 'varchar', length: 20, default: 'development' }) environment: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true }) ipAddress: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true }) userAgent: string | null;
  @Requires('support.access')
  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  context: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'The request id (x-request-id) the error happened in.' })
  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'workflow_name', type: 'varchar', length: 200, nullable: true }) workflowName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'job_name', type: 'varchar', length: 200, nullable: true }) jobName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'run_id', type: 'varchar', length: 100, nullable: true }) runId: string | null;
  @Field() @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
