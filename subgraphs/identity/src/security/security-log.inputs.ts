import { Field, InputType } from 'type-graphql';
import { BooleanFilter, DateTimeFilter, IDFilter, OrderInput, StringFilter } from '@leadgraph/shared';
import type { AccessLog, SecurityEvent } from './security-log.entity';

@InputType({ description: 'Filter security events; fields combine with AND.' })
export class SecurityEventFilter {
  @Field(() => StringFilter, { nullable: true, description: 'e.g. login_failed, account_locked, api_key_revoked, refresh_token_reuse.' })
  eventType?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) severity?: StringFilter;
  @Field(() => IDFilter, { nullable: true }) userId?: IDFilter;
  @Field(() => StringFilter, { nullable: true }) requestId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) occurredAt?: DateTimeFilter;
  @Field(() => [SecurityEventFilter], { nullable: true }) and?: SecurityEventFilter[];
  @Field(() => [SecurityEventFilter], { nullable: true }) or?: SecurityEventFilter[];
  @Field(() => SecurityEventFilter, { nullable: true }) not?: SecurityEventFilter;
}

export const SECURITY_EVENT_FILTER_COLUMNS = {
  eventType: 's.event_type',
  severity: 's.severity',
  userId: 's.user_id',
  requestId: 's.request_id',
  occurredAt: 's.occurred_at',
};

@InputType({ description: 'Filter access logs; fields combine with AND.' })
export class AccessLogFilter {
  @Field(() => IDFilter, { nullable: true, description: 'The acting user (for support access, the support user).' }) userId?: IDFilter;
  @Field(() => StringFilter, { nullable: true }) action?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) allowed?: BooleanFilter;
  @Field(() => StringFilter, { nullable: true }) resourceType?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) requestId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) occurredAt?: DateTimeFilter;
  @Field(() => [AccessLogFilter], { nullable: true }) and?: AccessLogFilter[];
  @Field(() => [AccessLogFilter], { nullable: true }) or?: AccessLogFilter[];
  @Field(() => AccessLogFilter, { nullable: true }) not?: AccessLogFilter;
}

export const ACCESS_LOG_FILTER_COLUMNS = {
  userId: 'a.user_id',
  action: 'a.action',
  allowed: 'a.allowed',
  resourceType: 'a.resource_type',
  requestId: 'a.request_id',
  occurredAt: 'a.occurred_at',
};

export enum SecurityEventOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
}
export enum AccessLogOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
}
export const SecurityEventOrder = OrderInput(SecurityEventOrderField, 'SecurityEvent');
export const AccessLogOrder = OrderInput(AccessLogOrderField, 'AccessLog');

export const SECURITY_EVENT_ORDER_COLUMNS: Record<SecurityEventOrderField, { sql: string; property: keyof SecurityEvent & string }> = {
  OCCURRED_AT: { sql: 's.occurred_at', property: 'occurredAt' },
};
export const ACCESS_LOG_ORDER_COLUMNS: Record<AccessLogOrderField, { sql: string; property: keyof AccessLog & string }> = {
  OCCURRED_AT: { sql: 'a.occurred_at', property: 'occurredAt' },
};
