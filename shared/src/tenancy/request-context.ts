import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../errors';

/**
 * Everything one request needs: who calls, and the one transaction (on one pooled connection)
 * in which the tenant is set. Root fields, field resolvers and loaders all use `manager`.
 */
export interface RequestContext {
  principal: Principal;
  requestId: string;
  manager: EntityManager;
  /** Per-request memo of DataLoaders, filled lazily by `loader()`. */
  loaders: Map<string, unknown>;
  /** Set by the transaction plugin; do not call from resolvers. */
  queryRunner: QueryRunner;
  /** For work that must commit even when the request fails (see `commitIndependently`). */
  dataSource: DataSource;
}

/**
 * What the database needs to know about the request, set in ONE statement (one round trip):
 * the tenant for RLS, and the actor and request id that the audit trigger copies into every
 * outbox event. `set_config(..., true)` is transaction-local: when the transaction ends the
 * connection returns to the pool with none of them, so nothing leaks to the next request. The
 * statement is sent even without a tenant, because the request id still belongs on anything a
 * tenant-less request writes later in the transaction (login switching to the user's tenant).
 */
const SET_REQUEST_SETTINGS = `select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.request_id', $3, true)`;

/** Support staff act as themselves: the audit names the support user, not a tenant user. */
const actorOf = (principal: Principal): string => principal.actorId ?? principal.userId ?? '';

/** Opens the request's transaction and sets the tenant, actor and request id for it only. */
export async function openRequestContext(
  dataSource: DataSource,
  principal: Principal,
  requestId: string,
): Promise<RequestContext> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    await queryRunner.query(SET_REQUEST_SETTINGS, [principal.tenantId ?? '', actorOf(principal), requestId]);
  } catch (error) {
    await queryRunner.release();
    throw error;
  }
  return { principal, requestId, manager: queryRunner.manager, loaders: new Map(), queryRunner, dataSource };
}

/** Commits (ok) or rolls back, and always gives the connection back. */
export async function closeRequestContext(ctx: RequestContext, ok: boolean): Promise<void> {
  const { queryRunner } = ctx;
  try {
    if (queryRunner.isTransactionActive) {
      if (ok) await queryRunner.commitTransaction();
      else await queryRunner.rollbackTransaction();
    }
  } finally {
    await queryRunner.release();
  }
}

/** The tenant of the request, for services that write `tenant_id`. Never from arguments. */
export function requireTenant(ctx: RequestContext): string {
  const { tenantId } = ctx.principal;
  if (!tenantId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This operation needs a tenant');
  return tenantId;
}

/**
 * Runs `fn` in its own transaction for `tenantId`, committed whatever happens to the request:
 * for records a failure must not roll back (a failed login attempt, a security event).
 */
export async function commitIndependently<T>(ctx: RequestContext, tenantId: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  return ctx.dataSource.transaction(async (manager) => {
    await manager.query(SET_REQUEST_SETTINGS, [tenantId, actorOf(ctx.principal), ctx.requestId]);
    return fn(manager);
  });
}
