import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { AccessLog, SecurityEvent } from './security-log.entity';
import {
  ACCESS_LOG_FILTER_COLUMNS,
  ACCESS_LOG_ORDER_COLUMNS,
  AccessLogFilter,
  AccessLogOrder,
  SECURITY_EVENT_FILTER_COLUMNS,
  SECURITY_EVENT_ORDER_COLUMNS,
  SecurityEventFilter,
  SecurityEventOrder,
} from './security-log.inputs';

export const SecurityEventConnection = ConnectionType(SecurityEvent);
export const AccessLogConnection = ConnectionType(AccessLog);

const NEWEST_FIRST = [{ field: 'OCCURRED_AT', direction: OrderDirection.DESC }];

/** The tenant's security events and access logs, for its admins (and support staff, read-only). */
@Resolver()
export class SecurityLogResolver {
  @Requires('identity.security.read')
  @Query(() => SecurityEventConnection, { description: "The tenant's security events, newest first: failed logins, lockouts, token reuse, key changes..." })
  securityEvents(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => SecurityEventFilter, { nullable: true }) filter?: SecurityEventFilter,
    @Arg('orderBy', () => [SecurityEventOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(SecurityEvent, 's'),
      args,
      filter: filter as never,
      filterColumns: SECURITY_EVENT_FILTER_COLUMNS,
      orderBy,
      orderColumns: SECURITY_EVENT_ORDER_COLUMNS,
      defaultOrder: NEWEST_FIRST,
      idColumn: 's.id',
    });
  }

  @Requires('identity.security.read')
  @Query(() => AccessLogConnection, { description: "Recorded accesses to the tenant's data, newest first; every support-staff request is one." })
  accessLogs(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('orderBy', () => [AccessLogOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(AccessLog, 'a'),
      args,
      filter: filter as never,
      filterColumns: ACCESS_LOG_FILTER_COLUMNS,
      orderBy,
      orderColumns: ACCESS_LOG_ORDER_COLUMNS,
      defaultOrder: NEWEST_FIRST,
      idColumn: 'a.id',
    });
  }
}
