import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { hashPassword } from '../auth/password';
import { Role } from '../role/role.entity';
import { roleById, rolesByUser } from '../role/role.loader';
import { assertMayGrant, callerLevel, insertUserRoles } from '../role/role.service';
import { recordSecurityEvent } from '../security/security-log.service';
import { workspaceById } from '../workspace/workspace.loader';
import { User } from './user.entity';
import type { CreateUserInput, UpdateUserInput } from './user.inputs';
import { userById } from './user.loader';

const constraintOf = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined);

const CONFLICTS: Record<string, { field: string; message: string }> = {
  users_tenant_email_key: { field: 'email', message: 'A user with this email already exists in the tenant' },
  users_tenant_username_key: { field: 'username', message: 'A user with this username already exists in the tenant' },
};

async function uniqueUser<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const conflict = CONFLICTS[constraintOf(error) ?? ''];
    if (conflict) throw new AppError(ErrorCode.CONFLICT, conflict.message, { field: conflict.field });
    throw error;
  }
}

const badInput = (field: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });

async function loadUser(ctx: RequestContext, id: string): Promise<User> {
  const user = await userById(ctx).load(id);
  if (!user) throw notFound('User', id);
  return user;
}

/** A user who holds a role above the caller's highest level is not the caller's to manage. */
async function assertMayManage(ctx: RequestContext, user: User): Promise<void> {
  const [theirs, own] = [(await rolesByUser(ctx).load(user.id))[0]?.level ?? 0, await callerLevel(ctx)];
  if (theirs > own) throw new AppError(ErrorCode.FORBIDDEN, `This user holds a role above your own level (${own})`);
}

async function checkWorkspace(ctx: RequestContext, workspaceId: string | null | undefined): Promise<void> {
  if (workspaceId != null && !(await workspaceById(ctx).load(workspaceId))) throw badInput('workspaceId', `Workspace ${workspaceId} was not found`);
}

/**
 * Refuses a manager that does not exist here, and one that would close a cycle: walking up from
 * the new manager must not reach the user. Hierarchy changes in a tenant are serialised by a
 * transaction-scoped advisory lock, so two concurrent changes cannot each pass and together
 * make a cycle.
 */
async function checkManager(ctx: RequestContext, userId: string, managerId: string | null | undefined): Promise<void> {
  if (managerId == null) return;
  if (!(await userById(ctx).load(managerId))) throw badInput('managerId', `User ${managerId} was not found`);
  await ctx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('identity.manager_hierarchy:' || $1, 0))`, [requireTenant(ctx)]);
  const [{ cycle }] = await ctx.manager.query(
    `WITH RECURSIVE chain(id, manager_id) AS (
       SELECT id, manager_id FROM identity.users WHERE id = $1
       UNION
       SELECT u.id, u.manager_id FROM identity.users u JOIN chain c ON u.id = c.manager_id
     )
     SELECT EXISTS (SELECT 1 FROM chain WHERE id = $2) AS cycle`,
    [managerId, userId],
  );
  if (cycle) throw badInput('managerId', 'This manager would make a cycle in the reporting hierarchy');
}

async function loadRoles(ctx: RequestContext, roleIds: string[]): Promise<Role[]> {
  const roles = await roleById(ctx).loadMany([...new Set(roleIds)]);
  const missing = roleIds.filter((_id, i) => !(roles[i] instanceof Role));
  if (missing.length > 0) throw badInput('roleIds', `Role not found: ${missing.join(', ')}`);
  return roles as Role[];
}

export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
  const roles = await loadRoles(ctx, input.roleIds);
  for (const role of roles) await assertMayGrant(ctx, role);
  const id = newId();
  await checkManager(ctx, id, input.managerId);
  await checkWorkspace(ctx, input.workspaceId);
  const { password, roleIds: _roleIds, ...fields } = input;
  const user = ctx.manager.create(User, {
    ...fields,
    id,
    tenantId: requireTenant(ctx),
    passwordHash: await hashPassword(password),
    passwordChangedAt: new Date(),
  });
  await uniqueUser(ctx.manager.insert(User, user));
  await insertUserRoles(ctx, id, roles.map((r) => r.id));
  return loadUser(ctx, id);
}

export async function updateUser(ctx: RequestContext, input: UpdateUserInput): Promise<User> {
  const { id, ...changes } = input;
  const user = await loadUser(ctx, id);
  await assertMayManage(ctx, user);
  if (changes.managerId !== undefined) await checkManager(ctx, id, changes.managerId);
  await checkWorkspace(ctx, changes.workspaceId);
  if (Object.keys(changes).length > 0) await ctx.manager.update(User, { id }, changes);
  userById(ctx).clear(id);
  return loadUser(ctx, id);
}

/**
 * Deactivation keeps the user and their records but refuses their sign-in; it is recorded as
 * a security event in the same transaction as the change.
 */
export async function setUserActive(ctx: RequestContext, id: string, active: boolean): Promise<User> {
  const user = await loadUser(ctx, id);
  if (!active && ctx.principal.userId === id) throw badInput('id', 'You cannot deactivate yourself');
  await assertMayManage(ctx, user);
  if (user.isActive !== active) {
    await ctx.manager.update(User, { id }, { isActive: active });
    await recordSecurityEvent(ctx.manager, {
      tenantId: user.tenantId,
      userId: id,
      type: active ? 'user_reactivated' : 'user_deactivated',
      details: { by: ctx.principal.userId },
      requestId: ctx.requestId,
    });
  }
  userById(ctx).clear(id);
  return loadUser(ctx, id);
}
