import { Field, InputType } from 'type-graphql';
import { DateTimeFilter, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { ErrorLog, ErrorSeverity } from './error-log.entity';

const ErrorSeverityFilter = enumFilter(ErrorSeverity, 'ErrorSeverity');

@InputType({ description: 'Filter error logs; fields combine with AND.' })
export class ErrorLogFilter {
  @Field(() => StringFilter, { nullable: true, description: 'The request id.' }) correlationId?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) errorType?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) errorCode?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) endpoint?: StringFilter;
  @Field(() => ErrorSeverityFilter, { nullable: true }) severity?: InstanceType<typeof ErrorSeverityFilter>;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [ErrorLogFilter], { nullable: true }) and?: ErrorLogFilter[];
  @Field(() => [ErrorLogFilter], { nullable: true }) or?: ErrorLogFilter[];
  @Field(() => ErrorLogFilter, { nullable: true }) not?: ErrorLogFilter;
}

export const ERROR_LOG_FILTER_COLUMNS = {
  correlationId: 'e.correlation_id',
  errorType: 'e.error_type',
  errorCode: 'e.error_code',
  endpoint: 'e.endpoint',
  severity: 'e.severity',
  createdAt: 'e.created_at',
};

export enum ErrorLogOrderField {
  CREATED_AT = 'CREATED_AT',
}
export const ErrorLogOrder = OrderInput(ErrorLogOrderField, 'ErrorLog');

export const ERROR_LOG_ORDER_COLUMNS: Record<ErrorLogOrderField, { sql: string; property: keyof ErrorLog & string }> = {
  CREATED_AT: { sql: 'e.created_at', property: 'createdAt' },
};
