import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { newId, type Principal } from '@leadgraph/shared';
import { sql, type TestDatabase, type TestTenant } from '@leadgraph/shared/testing';

/** Test helpers for the directory (users, roles, levels); used by *.test.ts only. */

export const MEMBER_PASSWORD = 'directory-test-password';

export interface Member {
  id: string;
  tenantId: string;
  roleId: string;
  email: string;
  permissions: string[];
}

/**
 * Inserts (as the owner) an active user holding one new role at `level` with `permissions`,
 * and returns what a principal for them needs.
 */
export async function addMember(
  db: TestDatabase,
  tenant: TestTenant,
  opts: { email?: string; level?: number; permissions?: string[]; managerId?: string; active?: boolean } = {},
): Promise<Member> {
  const id = newId();
  const roleId = newId();
  const email = opts.email ?? `m-${id.slice(-12)}@${tenant.slug}.test`;
  const permissions = opts.permissions ?? ['identity.*'];
  await sql(
    db.ownerUrl,
    `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, manager_id, is_active) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, tenant.id, email, await bcrypt.hash(MEMBER_PASSWORD, 4), email.split('@')[0], opts.managerId ?? null, opts.active ?? true],
  );
  await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, $4, $5)`, [
    roleId, tenant.id, `role-${id.slice(-12)}`, opts.level ?? 4, permissions,
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenant.id, id, roleId]);
  return { id, tenantId: tenant.id, roleId, email, permissions };
}

/** The principal the gateway would forward for a member (permissions = their role's). */
export const as = (member: Member, permissions: string[] = member.permissions): Principal => ({
  kind: 'user',
  userId: member.id,
  tenantId: member.tenantId,
  roles: [],
  permissions,
});

/** A well-formed id that no row has. */
export const MISSING_ID = '01900000-0000-7000-8000-000000000000';

/**
 * Runs one read as the app role (the test subgraph's pool) inside a transaction with
 * `app.tenant_id` set, as a request does.
 */
export async function queryAsTenant<T = Record<string, unknown>>(dataSource: DataSource, tenantId: string, text: string, params: unknown[] = []): Promise<T[]> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return manager.query(text, params);
  });
}
