import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { ROLE_PRESETS } from '@leadgraph/shared';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let tenantId: string;

const PERMISSIONS = `query($filter: PermissionFilter, $first: Int, $after: String) {
  permissions(filter: $filter, first: $first, after: $after) { totalCount edges { node { name domain resource action description } } pageInfo { hasNextPage endCursor } }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  tenantId = (await createTenant(db, 'Perm')).id;
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('the permission catalog', () => {
  it('lists every concrete permission the preset roles grant, split into domain, resource and action', async () => {
    const names = new Set<string>();
    let after: string | undefined;
    do {
      const res = await sg.request(PERMISSIONS, { variables: { first: 100, after }, principal: principalFor(tenantId, ['identity.role.read']) });
      res.data!.permissions.edges.forEach((e: any) => names.add(e.node.name));
      after = res.data!.permissions.pageInfo.hasNextPage ? res.data!.permissions.pageInfo.endCursor : undefined;
    } while (after);
    const granted = Object.values(ROLE_PRESETS).flatMap((p) => p.permissions).filter((p) => !p.includes('*'));
    expect([...names]).toEqual(expect.arrayContaining([...new Set(granted), 'support.access']));
    const crm = await sg.request(PERMISSIONS, { variables: { filter: { domain: { eq: 'crm' }, resource: { eq: 'lead' } } }, principal: principalFor(tenantId) });
    expect(crm.data!.permissions.edges.map((e: any) => e.node.name)).toEqual(['crm.lead.delete', 'crm.lead.read', 'crm.lead.write']);
    expect(crm.data!.permissions.edges[0].node).toMatchObject({ domain: 'crm', resource: 'lead', action: 'delete' });
  });

  it('needs identity.role.read', async () => {
    const res = await sg.request(PERMISSIONS, { principal: principalFor(tenantId, ['identity.user.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('is global and read-only for the app role; role_permissions is tenant-isolated', async () => {
    await expect(sql(db.appUrl, `INSERT INTO identity.permissions (name, domain, resource, action) VALUES ('x.y.z', 'x', 'y', 'z')`)).rejects.toThrow(/permission denied/);
    await expect(sql(db.appUrl, `DELETE FROM identity.permissions`)).rejects.toThrow(/permission denied/);
    const [{ n }] = await sql<{ n: string }>(db.appUrl, 'SELECT count(*) AS n FROM identity.permissions');
    expect(Number(n)).toBeGreaterThan(20);
    await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES (gen_random_uuid(), $1, 'r', 1, '{crm.lead.read}')`, [tenantId]);
    const [{ m }] = await sql<{ m: string }>(db.appUrl, 'SELECT count(*) AS m FROM identity.role_permissions');
    expect(Number(m)).toBe(0);
  });
});
