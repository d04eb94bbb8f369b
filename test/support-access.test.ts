import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { DEMO, acme, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let supportToken: string;
const supportUserId = DEMO.id('leadgraph-support:user:support');
const LEADS = `query SupportLeads { leads(first: 10) { totalCount edges { node { name } } } }`;
const CREATE = `mutation SupportWrite { createLead(input: { email: "s@example.com", name: "Support wrote this" }) { lead { id } } }`;
const asSupport = (tenant: string, token = supportToken) => ({ token, headers: { 'x-support-tenant': tenant } });

async function accessLogs(tenantId: string) {
  return sql<{ user_id: string; action: string; allowed: boolean; operation_name: string | null; request_id: string }>(
    db.ownerUrl,
    `SELECT user_id, action, allowed, operation_name, request_id FROM identity.access_logs WHERE tenant_id = $1 ORDER BY occurred_at, id`,
    [tenantId],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  supportToken = await sg.login('support@leadgraph.test');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('support access', () => {
  it('reads the named tenant, and every request leaves an access log row in that tenant', async () => {
    const first = await sg.request(LEADS, { ...asSupport(acme.id), headers: { ...asSupport(acme.id).headers, 'x-request-id': 'support-req-1' } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.leads.totalCount).toBe(4);
    await sg.request(LEADS, asSupport(acme.id));
    const logs = await accessLogs(acme.id);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toEqual({ user_id: supportUserId, action: 'query', allowed: true, operation_name: 'SupportLeads', request_id: 'support-req-1' });
  });

  it('refuses mutations (FORBIDDEN), logs the refusal and writes nothing', async () => {
    const before = (await accessLogs(acme.id)).length;
    const res = await sg.request(CREATE, asSupport(acme.id));
    expect(res.status).toBe(403);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/read-only/) });
    const logs = await accessLogs(acme.id);
    expect(logs).toHaveLength(before + 1);
    expect(logs[logs.length - 1]).toMatchObject({ action: 'mutation', allowed: false, operation_name: 'SupportWrite' });
    expect(await sql(db.ownerUrl, `SELECT 1 FROM crm.leads WHERE name = 'Support wrote this'`)).toHaveLength(0);
  });

  it('refuses a mutation hidden among several operations without a name', async () => {
    const res = await sg.request(`query A { leads(first: 1) { totalCount } } mutation B { createLead(input: { email: "b@example.com", name: "B" }) { lead { id } } }`, asSupport(acme.id));
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('lets no one else name a tenant: an Acme admin asking for Globex is FORBIDDEN', async () => {
    const admin = await sg.login('admin@acme.test');
    const res = await sg.request(LEADS, asSupport(DEMO.tenants[1].id, admin));
    expect(res.status).toBe(403);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data ?? null).toBeNull();
    expect(await accessLogs(DEMO.tenants[1].id)).toHaveLength(0);
  });

  it('refuses an unknown tenant and a malformed id', async () => {
    for (const tenant of ['01900000-0000-7000-8000-000000000000', 'acme']) {
      const res = await sg.request(LEADS, asSupport(tenant));
      expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('sees nothing of any customer without the header', async () => {
    const res = await sg.request(LEADS, { token: supportToken });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
