import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { DEMO, acme, seedTestDemo } from '../../../test/demo';
import { SUPPORT_EMAIL, SUPPORT_TENANT_SLUG } from './seed';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
});
afterAll(async () => {
  await db?.drop();
});

const count = async (table: string) => Number((await sql<{ n: string }>(db.ownerUrl, `SELECT count(*) AS n FROM ${table}`))[0].n);
const TABLES = [
  'identity.tenants',
  'identity.users',
  'identity.roles',
  'identity.user_roles',
  'identity.role_permissions',
  'identity.workspaces',
  'identity.projects',
  'identity.user_email_preferences',
  'identity.tenant_settings',
  'identity.white_label_settings',
  'identity.onboarding_progress',
  'identity.access_control_policies',
];

describe('the identity demo seed', () => {
  it('can run again without adding or failing', async () => {
    const before = await Promise.all(TABLES.map(count));
    await seedTestDemo(db);
    expect(await Promise.all(TABLES.map(count))).toEqual(before);
  });

  it('puts the Acme user under the manager, and the manager under the admin', async () => {
    const rows = await sql<{ email: string; manager: string | null; workspace: string | null }>(
      db.ownerUrl,
      `SELECT u.email, m.email AS manager, w.name AS workspace FROM identity.users u
         LEFT JOIN identity.users m ON m.id = u.manager_id LEFT JOIN identity.workspaces w ON w.id = u.workspace_id
        WHERE u.tenant_id = $1 ORDER BY u.email`,
      [acme.id],
    );
    expect(rows).toEqual([
      { email: 'admin@acme.test', manager: null, workspace: 'Sales' },
      { email: 'manager@acme.test', manager: 'admin@acme.test', workspace: 'Sales' },
      { email: 'user@acme.test', manager: 'manager@acme.test', workspace: 'Sales' },
      { email: 'viewer@acme.test', manager: 'manager@acme.test', workspace: 'Marketing' },
    ]);
  });

  it('has the support user in its own tenant, with support.access only', async () => {
    const rows = await sql<{ slug: string; role: string; permissions: string[] }>(
      db.ownerUrl,
      `SELECT t.slug, r.name AS role, r.permissions FROM identity.users u
         JOIN identity.tenants t ON t.id = u.tenant_id
         JOIN identity.user_roles ur ON ur.user_id = u.id JOIN identity.roles r ON r.id = ur.role_id
        WHERE u.email = $1`,
      [SUPPORT_EMAIL],
    );
    expect(rows).toEqual([{ slug: SUPPORT_TENANT_SLUG, role: 'support', permissions: ['support.access'] }]);
    expect(DEMO.tenants.map((t) => t.slug)).not.toContain(SUPPORT_TENANT_SLUG);
  });
});
