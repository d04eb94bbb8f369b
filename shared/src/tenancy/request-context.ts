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
 * Opens the request's transaction and sets the tenant for it only. `set_config(..., true)` is
 * transaction-local: when the transaction ends the connection returns to the pool with no
 * tenant, so nothing leaks to the next request.
 */
export async function openRequestContext(
  dataSource: DataSource,
  principal: Principal,
  requestId: string,
): Promise<RequestContext> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    if (principal.tenantId) {
      await queryRunner.query(`select set_config('app.tenant_id', $1, true)`, [principal.tenantId]);
    }
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
    await manager.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return fn(manager);
  });
}
