import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who made a metered request (the gateway's principal kinds that belong to a tenant). */
export enum ApiUsagePrincipalKind {
  USER = 'user',
  API_KEY = 'api_key',
  SUPPORT = 'support',
  SERVICE = 'service',
}
registerEnumType(ApiUsagePrincipalKind, { name: 'ApiUsagePrincipalKind' });

export enum ApiUsageOperationType {
  QUERY = 'query',
  MUTATION = 'mutation',
  SUBSCRIPTION = 'subscription',
}
registerEnumType(ApiUsageOperationType, { name: 'ApiUsageOperationType' });

/** One request the gateway served for the tenant (001 api_usage), written in batches by the gateway. */
@ObjectType({ description: 'One request to the API, as the gateway metered it.' })
@Entity({ name: 'api_usage', schema: 'billing' })
export class ApiUsage {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field(() => ID, { nullable: true, description: 'The API key used, if any.' })
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;
  @Field(() => ID, { nullable: true, description: "The user (an API key's owner; for support access, the support user)." })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;
  @Field(() => ApiUsagePrincipalKind) @Column({ name: 'principal_kind', type: 'varchar', length: 20 }) principalKind: ApiUsagePrincipalKind;
  @Field({ description: 'The HTTP path, e.g. /graphql.' }) @Column({ type: 'varchar', length: 255 }) endpoint: string;
  @Field() @Column({ type: 'varchar', length: 10 }) method: string;
  @Field(() => Int) @Column({ name: 'status_code', type: 'int' }) statusCode: number;
  @Field(() => Int) @Column({ name: 'response_time_ms', type: 'int' }) responseTimeMs: number;
  @Field(() => String, { nullable: true }) @Column({ name: 'operation_name', type: 'varchar', length: 200, nullable: true }) operationName: string | null;
  @Field(() => ApiUsageOperationType, { nullable: true, description: 'Null when the request named no valid operation.' })
  @Column({ name: 'operation_type', type: 'varchar', length: 20, nullable: true })
  operationType: ApiUsageOperationType | null;
  @Field({ description: 'The X-Request-Id the gateway answered with.' }) @Column({ name: 'request_id', type: 'varchar', length: 128 }) requestId: string;
  @Field() @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}
