import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { ErrorLog } from './error-log.entity';
import { ERROR_LOG_FILTER_COLUMNS, ERROR_LOG_ORDER_COLUMNS, ErrorLogFilter, ErrorLogOrder } from './error-log.inputs';
import { errorLogById } from './error-log.loader';

export const ErrorLogConnection = ConnectionType(ErrorLog);

@Resolver(() => ErrorLog)
export class ErrorLogResolver {
  @Requires('identity.error.read')
  @Query(() => ErrorLog, { nullable: true })
  errorLog(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ErrorLog | null> {
    return errorLogById(ctx).load(id);
  }

  @Requires('identity.error.read')
  @Query(() => ErrorLogConnection, { description: "The tenant's error logs, newest first; filter by correlationId to find one request's." })
  errorLogs(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ErrorLogFilter, { nullable: true }) filter?: ErrorLogFilter,
    @Arg('orderBy', () => [ErrorLogOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(ErrorLog, 'e'),
      args,
      filter: filter as never,
      filterColumns: ERROR_LOG_FILTER_COLUMNS,
      orderBy,
      orderColumns: ERROR_LOG_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'e.id',
    });
  }
}
