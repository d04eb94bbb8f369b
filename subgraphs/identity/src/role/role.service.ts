import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, hasPermission, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { checkPermissionNames } from '../permission/permission.service';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { Role, UserRole } from './role.entity';
import type { CreateRoleInput, RoleAssignmentInput, UpdateRoleInput } from './role.inputs';
import { roleById, rolesByUser } from './role.loader';
import { rolePreset } from './role.presets';

const constraintOf = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined);

/** The caller's highest role level; 0 for a principal that holds no role. */
export async function callerLevel(ctx: RequestContext): Promise<number> {
  const userId = ctx.principal.userId;
  if (!userId) return 0;
  const roles = await rolesByUser(ctx).load(userId);
  return roles.reduce((max, r) => Math.max(max, r.level), 0);
}

/**
 * No escalation through roles: a caller may hand out only permissions they hold themselves
 * (a wildcard only if they hold that wildcard) and only levels up to their own highest.
 */
export async function assertMayGrant(ctx: RequestContext, grant: { level: number; permissions: string[] }): Promise<void> {
  const missing = grant.permissions.filter((p) => !hasPermission(ctx.principal, p));
  if (missing.length > 0) {
    throw new AppError(ErrorCode.FORBIDDEN, `You cannot grant permissions you do not hold: ${missing.join(', ')}`, { required: missing });
  }
  await assertLevelAtMostCallers(ctx, grant.level);
}

async function assertLevelAtMostCallers(ctx: RequestContext, level: number): Promise<void> {
  const own = await callerLevel(ctx);
  if (level > own) throw new AppError(ErrorCode.FORBIDDEN, `Level ${level} is above your own highest role level (${own})`);
}

async function loadRole(ctx: RequestContext, id: string): Promise<Role> {
  const role = await roleById(ctx).load(id);
  if (!role) throw notFound('Role', id);
  return role;
}

async function saveRole<T>(write: Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (constraintOf(error) === 'roles_tenant_name_key') {
      throw new AppError(ErrorCode.CONFLICT, `A role named ${name} already exists`, { field: 'name' });
    }
    throw error;
  }
}

export async function createRole(ctx: RequestContext, input: CreateRoleInput): Promise<Role> {
  const permissions = await checkPermissionNames(ctx, input.permissions, 'permissions');
  await assertMayGrant(ctx, { level: input.level, permissions });
  const role = ctx.manager.create(Role, { ...input, permissions, id: newId(), tenantId: requireTenant(ctx) });
  return saveRole(ctx.manager.save(role), input.name);
}

export async function createRoleFromPreset(ctx: RequestContext, key: string, name?: string): Promise<Role> {
  const preset = rolePreset(key);
  if (!preset) throw new AppError(ErrorCode.BAD_USER_INPUT, `Unknown role preset ${key}`, { field: 'preset' });
  return createRole(ctx, { name: name ?? preset.name, description: preset.description, level: preset.level, permissions: preset.permissions });
}

/** Only a role at or below the caller's level may be changed, and only into one. */
export async function updateRole(ctx: RequestContext, input: UpdateRoleInput): Promise<Role> {
  const { id, ...changes } = input;
  const role = await loadRole(ctx, id);
  await assertLevelAtMostCallers(ctx, role.level);
  if (changes.permissions !== undefined) changes.permissions = await checkPermissionNames(ctx, changes.permissions, 'permissions');
  // Permissions the role already has are not granted by this change; added ones are.
  const added = (changes.permissions ?? []).filter((p) => !role.permissions.includes(p));
  await assertMayGrant(ctx, { level: changes.level ?? role.level, permissions: added });
  if (Object.keys(changes).length > 0) await saveRole(ctx.manager.update(Role, { id }, changes), changes.name);
  roleById(ctx).clear(id);
  return loadRole(ctx, id);
}

export async function deleteRole(ctx: RequestContext, id: string): Promise<string> {
  const role = await loadRole(ctx, id);
  await assertLevelAtMostCallers(ctx, role.level);
  const holders = await ctx.manager.countBy(UserRole, { roleId: id });
  if (holders > 0) {
    throw new AppError(ErrorCode.CONFLICT, `Role ${role.name} is held by ${holders} user(s): unassign it first`, { id });
  }
  try {
    await ctx.manager.delete(Role, { id });
  } catch (error) {
    // Assigned between the count and the delete: the foreign key (NO ACTION) refuses.
    if (constraintOf(error) === 'user_roles_role_fkey') throw new AppError(ErrorCode.CONFLICT, `Role ${role.name} is held by users: unassign it first`, { id });
    throw error;
  }
  return id;
}

async function loadUser(ctx: RequestContext, id: string): Promise<User> {
  const user = await userById(ctx).load(id);
  if (!user) throw notFound('User', id);
  return user;
}

/** Gives the user the role; assigning a role the user holds already changes nothing. */
export async function assignRole(ctx: RequestContext, input: RoleAssignmentInput): Promise<{ user: User; role: Role }> {
  const [user, role] = [await loadUser(ctx, input.userId), await loadRole(ctx, input.roleId)];
  await assertMayGrant(ctx, role);
  await insertUserRoles(ctx, user.id, [role.id]);
  return { user, role };
}

export async function unassignRole(ctx: RequestContext, input: RoleAssignmentInput): Promise<{ user: User; role: Role }> {
  const [user, role] = [await loadUser(ctx, input.userId), await loadRole(ctx, input.roleId)];
  await assertLevelAtMostCallers(ctx, role.level);
  await ctx.manager.delete(UserRole, { userId: user.id, roleId: role.id });
  rolesByUser(ctx).clear(user.id);
  return { user, role };
}

/** assigned_by only when the caller is a user of this tenant (it references users). */
export async function insertUserRoles(ctx: RequestContext, userId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await ctx.manager.query(
    `INSERT INTO identity.user_roles (tenant_id, user_id, role_id, assigned_by)
     SELECT $1, $2, role_id, (SELECT id FROM identity.users WHERE id = $4) FROM unnest($3::uuid[]) AS role_id
     ON CONFLICT DO NOTHING`,
    [requireTenant(ctx), userId, roleIds, ctx.principal.userId],
  );
  rolesByUser(ctx).clear(userId);
}
