import bcrypt from 'bcryptjs';
import type { EntityManager } from 'typeorm';
import { ROLE_PRESETS, type DemoContext, type DemoTenant } from '@leadgraph/shared';

/** The internal tenant of leadgraph's support staff; support access is built on its `support` role. */
export const SUPPORT_TENANT_SLUG = 'leadgraph-support';
export const SUPPORT_EMAIL = 'support@leadgraph.test';

const WORKSPACES = [
  { key: 'sales', name: 'Sales', description: 'Outbound and inbound sales team' },
  { key: 'marketing', name: 'Marketing', description: 'Campaigns, content and the podcast' },
];

const PROJECTS = [
  { key: 'outbound', name: 'Q1 outbound', status: 'active', workspace: 'sales' },
  { key: 'relaunch', name: 'Website relaunch', status: 'on-hold', workspace: 'marketing' },
  { key: 'season-2', name: 'Podcast season 2', status: 'completed', workspace: 'marketing' },
];

/** Who reports to whom: the user and the viewer to the manager, the manager to the admin. */
const MANAGER_OF: Record<string, string> = { manager: 'admin', user: 'manager', viewer: 'manager' };
const WORKSPACE_OF: Record<string, string> = { admin: 'sales', manager: 'sales', user: 'sales', viewer: 'marketing' };

/**
 * Demo tenants with their preset roles, one user per role, workspaces, projects, a reporting
 * hierarchy and email preferences; plus the support tenant and its support user. Safe to run
 * again: every row has a name-derived id or key and is inserted ON CONFLICT.
 */
export async function seedIdentity(manager: EntityManager, demo: DemoContext): Promise<void> {
  const passwordHash = await bcrypt.hash(demo.password, 10);
  for (const tenant of demo.tenants) await seedTenant(manager, demo, tenant, passwordHash);
  await seedSupport(manager, demo, passwordHash);
}

async function seedTenant(manager: EntityManager, demo: DemoContext, tenant: DemoTenant, passwordHash: string): Promise<void> {
  const id = (name: string) => demo.id(`${tenant.slug}:${name}`);
  await manager.query(
    `INSERT INTO identity.tenants (id, name, slug, plan) VALUES ($1, $2, $3, 'growth') ON CONFLICT (id) DO NOTHING`,
    [tenant.id, tenant.name, tenant.slug],
  );
  await manager.query(
    `INSERT INTO identity.tenant_settings (tenant_id, settings) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING`,
    [tenant.id, JSON.stringify({ locale: 'en', timezone: 'Europe/Berlin', currency: 'EUR' })],
  );
  await manager.query(
    `INSERT INTO identity.white_label_settings (tenant_id, brand_name, primary_color) VALUES ($1, $2, '#1F6FEB') ON CONFLICT (tenant_id) DO NOTHING`,
    [tenant.id, tenant.name],
  );
  // Presets may change between releases: the demo roles follow them.
  for (const [name, preset] of Object.entries(ROLE_PRESETS)) {
    await manager.query(
      `INSERT INTO identity.roles (id, tenant_id, name, level, permissions, description) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET level = EXCLUDED.level, permissions = EXCLUDED.permissions, description = EXCLUDED.description`,
      [id(`role:${name}`), tenant.id, name, preset.level, preset.permissions, preset.description],
    );
  }
  for (const w of WORKSPACES) {
    await manager.query(
      `INSERT INTO identity.workspaces (id, tenant_id, name, description) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [id(`workspace:${w.key}`), tenant.id, w.name, w.description],
    );
  }
  for (const p of PROJECTS) {
    await manager.query(
      `INSERT INTO identity.projects (id, tenant_id, workspace_id, name, status) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [id(`project:${p.key}`), tenant.id, id(`workspace:${p.workspace}`), p.name, p.status],
    );
  }
  for (const user of tenant.users) {
    await manager.query(
      `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, email_verified, workspace_id)
       VALUES ($1, $2, $3, $4, $5, true, $6)
       ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash, workspace_id = coalesce(users.workspace_id, EXCLUDED.workspace_id)`,
      [user.id, tenant.id, user.email, passwordHash, user.name, id(`workspace:${WORKSPACE_OF[user.role]}`)],
    );
    await manager.query(
      `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenant.id, user.id, id(`role:${user.role}`)],
    );
    await manager.query(
      `INSERT INTO identity.user_email_preferences (tenant_id, user_id, marketing_emails) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenant.id, user.id, user.role === 'admin'],
    );
  }
  const userId = (role: string) => tenant.users.find((u) => u.role === role)?.id;
  for (const [role, managerRole] of Object.entries(MANAGER_OF)) {
    await manager.query(`UPDATE identity.users SET manager_id = $2 WHERE id = $1`, [userId(role), userId(managerRole)]);
  }
  // The admin has done the required onboarding; everyone else starts fresh.
  await manager.query(
    `INSERT INTO identity.onboarding_progress (tenant_id, user_id, step_id, completed_at)
     SELECT $1, $2, s.id, now() FROM identity.onboarding_steps s WHERE s.required
     ON CONFLICT DO NOTHING`,
    [tenant.id, userId('admin')],
  );
  // An example of the policy shape, disabled so it changes nobody's access.
  await manager.query(
    `INSERT INTO identity.access_control_policies (id, tenant_id, name, description, policy_definition, enabled) VALUES ($1, $2, $3, $4, $5, false)
     ON CONFLICT (id) DO NOTHING`,
    [
      id('policy:own-leads-only'),
      tenant.id,
      'Sales delete only their own leads',
      'Example: enable it to keep the user role from deleting leads it does not own.',
      JSON.stringify({
        effect: 'deny',
        permissions: ['crm.lead.delete'],
        when: { 'principal.roles': { contains: 'user' }, 'resource.ownedByPrincipal': { eq: false } },
      }),
    ],
  );
}

/** The support tenant: one role with support.access only, and the support user. */
async function seedSupport(manager: EntityManager, demo: DemoContext, passwordHash: string): Promise<void> {
  const tenantId = demo.id(`tenant:${SUPPORT_TENANT_SLUG}`);
  const roleId = demo.id(`${SUPPORT_TENANT_SLUG}:role:support`);
  const userId = demo.id(`${SUPPORT_TENANT_SLUG}:user:support`);
  await manager.query(
    `INSERT INTO identity.tenants (id, name, slug, plan) VALUES ($1, 'leadgraph support', $2, 'enterprise') ON CONFLICT (id) DO NOTHING`,
    [tenantId, SUPPORT_TENANT_SLUG],
  );
  await manager.query(
    `INSERT INTO identity.roles (id, tenant_id, name, level, permissions, description)
     VALUES ($1, $2, 'support', 1, '{support.access}', 'leadgraph support staff: read-only, audited access to a tenant they name')
     ON CONFLICT (id) DO UPDATE SET permissions = EXCLUDED.permissions`,
    [roleId, tenantId],
  );
  await manager.query(
    `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, email_verified)
     VALUES ($1, $2, $3, $4, 'leadgraph Support', true) ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [userId, tenantId, SUPPORT_EMAIL, passwordHash],
  );
  await manager.query(`INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [tenantId, userId, roleId]);
}
