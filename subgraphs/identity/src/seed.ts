import bcrypt from 'bcryptjs';
import type { EntityManager } from 'typeorm';
import { ROLE_PRESETS, type DemoContext } from '@leadgraph/shared';

/** Demo tenants, their preset roles and one user per role. Safe to run again. */
export async function seedIdentity(manager: EntityManager, demo: DemoContext): Promise<void> {
  const passwordHash = await bcrypt.hash(demo.password, 10);
  for (const tenant of demo.tenants) {
    await manager.query(
      `INSERT INTO identity.tenants (id, name, slug, plan) VALUES ($1, $2, $3, 'growth') ON CONFLICT (id) DO NOTHING`,
      [tenant.id, tenant.name, tenant.slug],
    );
    for (const [name, preset] of Object.entries(ROLE_PRESETS)) {
      await manager.query(
        `INSERT INTO identity.roles (id, tenant_id, name, level, permissions, description)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [demo.id(`${tenant.slug}:role:${name}`), tenant.id, name, preset.level, preset.permissions, `Preset ${name} role`],
      );
    }
    for (const user of tenant.users) {
      await manager.query(
        `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, email_verified)
         VALUES ($1, $2, $3, $4, $5, true) ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
        [user.id, tenant.id, user.email, passwordHash, user.name],
      );
      await manager.query(
        `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [tenant.id, user.id, demo.id(`${tenant.slug}:role:${user.role}`)],
      );
    }
  }
}
