import { Field, InputType } from 'type-graphql';
import { DateTimeFilter, IDFilter, IntFilter, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { ApiUsage, ApiUsageOperationType, ApiUsagePrincipalKind } from './usage.entity';

const ApiUsagePrincipalKindFilter = enumFilter(ApiUsagePrincipalKind, 'ApiUsagePrincipalKind');
const ApiUsageOperationTypeFilter = enumFilter(ApiUsageOperationType, 'ApiUsageOperationType');

@InputType({ description: 'Filter API usage; fields combine with AND.' })
export class ApiUsageFilter {
  @Field(() => IDFilter, { nullable: true }) apiKeyId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) userId?: IDFilter;
  @Field(() => ApiUsagePrincipalKindFilter, { nullable: true }) principalKind?: InstanceType<typeof ApiUsagePrincipalKindFilter>;
  @Field(() => StringFilter, { nullable: true }) operationName?: StringFilter;
  @Field(() => ApiUsageOperationTypeFilter, { nullable: true }) operationType?: InstanceType<typeof ApiUsageOperationTypeFilter>;
  @Field(() => IntFilter, { nullable: true }) statusCode?: IntFilter;
  @Field(() => StringFilter, { nullable: true }) requestId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) occurredAt?: DateTimeFilter;
  @Field(() => [ApiUsageFilter], { nullable: true }) and?: ApiUsageFilter[];
  @Field(() => [ApiUsageFilter], { nullable: true }) or?: ApiUsageFilter[];
  @Field(() => ApiUsageFilter, { nullable: true }) not?: ApiUsageFilter;
}

export const API_USAGE_FILTER_COLUMNS = {
  apiKeyId: 'u.api_key_id',
  userId: 'u.user_id',
  principalKind: 'u.principal_kind',
  operationName: 'u.operation_name',
  operationType: 'u.operation_type',
  statusCode: 'u.status_code',
  requestId: 'u.request_id',
  occurredAt: 'u.occurred_at',
};

export enum ApiUsageOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
  RESPONSE_TIME_MS = 'RESPONSE_TIME_MS',
}
export const ApiUsageOrder = OrderInput(ApiUsageOrderField, 'ApiUsage');

export const API_USAGE_ORDER_COLUMNS: Record<ApiUsageOrderField, { sql: string; property: keyof ApiUsage & string }> = {
  OCCURRED_AT: { sql: 'u.occurred_at', property: 'occurredAt' },
  RESPONSE_TIME_MS: { sql: 'u.response_time_ms', property: 'responseTimeMs' },
};
