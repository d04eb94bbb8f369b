import { Field, InputType } from 'type-graphql';
import { DateTimeFilter, IDFilter, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { AuditAction } from './audit.entity';

const AuditActionFilter = enumFilter(AuditAction, 'AuditAction');

@InputType({ description: 'Filter the audit trail; fields combine with AND.' })
export class AuditLogFilter {
  @Field(() => StringFilter, { nullable: true }) domain?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) entityType?: StringFilter;
  @Field(() => IDFilter, { nullable: true }) entityId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) actorId?: IDFilter;
  @Field(() => AuditActionFilter, { nullable: true }) action?: InstanceType<typeof AuditActionFilter>;
  @Field(() => StringFilter, { nullable: true }) requestId?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) occurredAt?: DateTimeFilter;
  @Field(() => [AuditLogFilter], { nullable: true }) and?: AuditLogFilter[];
  @Field(() => [AuditLogFilter], { nullable: true }) or?: AuditLogFilter[];
  @Field(() => AuditLogFilter, { nullable: true }) not?: AuditLogFilter;
}

export const AUDIT_LOG_FILTER_COLUMNS = {
  domain: 'a.domain',
  entityType: 'a.entity_type',
  entityId: 'a.entity_id',
  actorId: 'a.user_id',
  action: 'a.action',
  requestId: 'a.request_id',
  occurredAt: 'a.occurred_at',
};

export enum AuditLogOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
}
export const AuditLogOrder = OrderInput(AuditLogOrderField, 'AuditLog');
