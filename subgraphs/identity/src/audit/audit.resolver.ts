import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { AuditLog } from './audit.entity';
import { AUDIT_LOG_FILTER_COLUMNS, AuditLogFilter, AuditLogOrder } from './audit.inputs';

export const AuditLogConnection = ConnectionType(AuditLog);

@Resolver(() => AuditLog)
export class AuditLogResolver {
  @Requires('identity.audit.read')
  @Query(() => AuditLogConnection, { description: "The tenant's audit trail across every domain, newest first by default." })
  auditLogs(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
    @Arg('orderBy', () => [AuditLogOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(AuditLog, 'a'),
      args,
      filter: filter as never,
      filterColumns: AUDIT_LOG_FILTER_COLUMNS,
      orderBy,
      orderColumns: { OCCURRED_AT: { sql: 'a.occurred_at', property: 'occurredAt' } },
      defaultOrder: [{ field: 'OCCURRED_AT', direction: OrderDirection.DESC }],
      idColumn: 'a.id',
    });
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who made the change, if they are a user of this tenant.' })
  actor(@Root() entry: AuditLog, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return entry.actorId ? userById(ctx).load(entry.actorId) : null;
  }
}
