import { APP_ROLE, closeRequestContext, createSubgraphDataSource, openRequestContext } from '@leadgraph/shared';
import { createTestDatabase, principalFor, sql, type TestDatabase } from '@leadgraph/shared/testing';
import type { DataSource } from 'typeorm';
import { SUBGRAPHS } from '../scripts/src/subgraphs';
import { acme, globex, seedTestDemo } from './demo';

let db: TestDatabase;
const SCHEMAS = SUBGRAPHS.map((s) => s.name);

interface TenantTable {
  schema: string;
  table: string;
  kind: string;
  rls: boolean;
  forced: boolean;
}

/** Every table (and partition) in the subgraph schemas that has a tenant_id column. */
async function tenantTables(): Promise<TenantTable[]> {
  return sql<TenantTable>(
    db.adminUrl,
    `SELECT n.nspname AS schema, c.relname AS table, c.relkind AS kind,
            c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
      ORDER BY 1, 2`,
    [SCHEMAS],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
});
afterAll(async () => {
  await db?.drop();
});

describe('row-level security, read from the catalog', () => {
  it('covers every table that has tenant_id: RLS enabled, forced, and a USING + WITH CHECK policy', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(SCHEMAS.length); // every subgraph owns tenant tables
    const policies = await sql<{ schema: string; table: string; qual: string; with_check: string }>(
      db.adminUrl,
      `SELECT schemaname AS schema, tablename AS table, qual, with_check FROM pg_policies WHERE schemaname = ANY($1)`,
      [SCHEMAS],
    );
    for (const t of tables) {
      const policy = policies.filter((p) => p.schema === t.schema && p.table === t.table);
      expect({ table: `${t.schema}.${t.table}`, rls: t.rls, forced: t.forced, policies: policy.length }).toEqual({
        table: `${t.schema}.${t.table}`,
        rls: true,
        forced: true,
        policies: 1,
      });
      expect(policy[0].qual).toContain("current_setting('app.tenant_id'::text, true)");
      expect(policy[0].with_check).toContain("current_setting('app.tenant_id'::text, true)");
    }
  });

  it('runs the app as a role that cannot bypass RLS and owns nothing', async () => {
    const [role] = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      db.adminUrl,
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await sql(
      db.adminUrl,
      `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1
       UNION ALL SELECT nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = $1`,
      [APP_ROLE],
    );
    expect(owned).toEqual([]);
    const memberships = await sql(db.adminUrl, `SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1`, [APP_ROLE]);
    expect(memberships).toEqual([]);
  });

  it('keeps the app role away from the migrations bookkeeping', async () => {
    for (const schema of SCHEMAS) {
      const [{ allowed }] = await sql<{ allowed: boolean }>(db.adminUrl, `SELECT has_table_privilege($1, $2, 'SELECT') AS allowed`, [APP_ROLE, `${schema}.migrations`]);
      expect({ schema, allowed }).toEqual({ schema, allowed: false });
    }
  });
});

describe('the app role without a tenant', () => {
  it('sees zero rows in every tenant table, while the owner sees the demo rows', async () => {
    const tables = await tenantTables();
    let seeded = 0;
    for (const t of tables) {
      const name = `${t.schema}.${t.table}`;
      const [asApp] = await sql<{ n: string }>(db.appUrl, `SELECT count(*) AS n FROM ${name}`);
      expect({ name, rows: Number(asApp.n) }).toEqual({ name, rows: 0 });
      const [asOwner] = await sql<{ n: string }>(db.ownerUrl, `SELECT count(*) AS n FROM ${name}`);
      if (Number(asOwner.n) > 0) seeded++;
    }
    // The check means something only if there was data to hide.
    expect(seeded).toBeGreaterThanOrEqual(SCHEMAS.length);
  });

  it('cannot insert a row for a tenant it has not set', async () => {
    await expect(
      sql(db.appUrl, `INSERT INTO crm.leads (id, tenant_id, email, name) VALUES (gen_random_uuid(), $1, 'x@example.com', 'X')`, [acme.id]),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('pooled connections do not leak the tenant', () => {
  let ds: DataSource;
  beforeAll(async () => {
    const crm = SUBGRAPHS.find((s) => s.name === 'crm')!;
    ds = createSubgraphDataSource({ url: db.appUrl, schema: 'crm', entities: crm.entities, poolSize: 1 });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  async function visibleTenants(principal: ReturnType<typeof principalFor> | null) {
    const ctx = await openRequestContext(ds, principal ?? { kind: 'anonymous', userId: null, tenantId: null, roles: [], permissions: [] }, 'test');
    try {
      const rows: { tenant_id: string }[] = await ctx.manager.query('SELECT DISTINCT tenant_id FROM crm.leads');
      return rows.map((r) => r.tenant_id);
    } finally {
      await closeRequestContext(ctx, true);
    }
  }

  it('alternates tenants on one connection, with a failed transaction in between', async () => {
    expect(await visibleTenants(principalFor(acme.id))).toEqual([acme.id]);
    expect(await visibleTenants(principalFor(globex.id))).toEqual([globex.id]);

    const failing = await openRequestContext(ds, principalFor(acme.id), 'fail');
    await expect(failing.manager.query('SELECT 1/0')).rejects.toThrow();
    await closeRequestContext(failing, false);

    expect(await visibleTenants(null)).toEqual([]);
    expect(await visibleTenants(principalFor(globex.id))).toEqual([globex.id]);
    const [{ setting }] = await ds.query(`SELECT current_setting('app.tenant_id', true) AS setting`);
    expect(setting ?? '').toBe('');
  });
});
