import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode, ROLE_PRESETS, newId, type RequestContext } from '@leadgraph/shared';
import { sendEmailVerification } from './email-verification.service';
import { runAsTenant } from './opaque-token';
import { hashPassword } from './password';
import { reloadUser } from './signed-in-user';
import type { SignUpInput } from './signup.inputs';
import type { User } from '../user/user.entity';

/** `Acme GmbH & Co.` → `acme-gmbh-co`; matches the tenants_slug_format check. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return slug || 'tenant';
}

/**
 * Inserts the tenant under the first free slug. The app role sees no other tenant, so it cannot
 * look for a free slug; the unique index answers instead (ON CONFLICT DO NOTHING keeps the
 * transaction usable), and a taken slug gets a random suffix.
 */
async function insertTenant(manager: EntityManager, id: string, input: SignUpInput): Promise<void> {
  const base = slugify(input.tenantName);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
    const inserted = await manager.query(
      `INSERT INTO identity.tenants (id, name, slug, email) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [id, input.tenantName.trim(), slug, input.email],
    );
    if (inserted.length === 1) return;
  }
  throw new AppError(ErrorCode.CONFLICT, 'No free address for this tenant name: try another name');
}

/**
 * A new tenant with seed 000's preset roles and its first user as admin, all in the request's
 * transaction: any failure leaves nothing behind.
 */
export async function signUp(ctx: RequestContext, input: SignUpInput): Promise<User> {
  const tenantId = newId();
  // The tenants policy is on id: the new tenant must be the current one before it is inserted.
  await runAsTenant(ctx.manager, tenantId);
  await insertTenant(ctx.manager, tenantId, input);

  const roleIds: Record<string, string> = {};
  for (const preset of Object.values(ROLE_PRESETS)) {
    roleIds[preset.name] = newId();
    await ctx.manager.query(
      `INSERT INTO identity.roles (id, tenant_id, name, description, level, permissions) VALUES ($1, $2, $3, $4, $5, $6)`,
      [roleIds[preset.name], tenantId, preset.name, preset.description, preset.level, preset.permissions],
    );
  }

  const userId = newId();
  await ctx.manager.query(
    `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, password_changed_at) VALUES ($1, $2, $3, $4, $5, now())`,
    [userId, tenantId, input.email, await hashPassword(input.password), input.name.trim()],
  );
  await ctx.manager.query(`INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenantId, userId, roleIds.admin]);

  const user = await reloadUser(ctx, userId);
  await sendEmailVerification(ctx.manager, user);
  return user;
}
