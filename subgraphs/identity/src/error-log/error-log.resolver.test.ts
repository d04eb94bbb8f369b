import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID, queryAsTenant } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
const ids: Record<string, string> = {};

const LIST = `query($filter: ErrorLogFilter) { errorLogs(first: 50, filter: $filter) { totalCount edges { node { id errorType errorMessage correlationId severity } } } }`;
const ONE = `query($id: ID!) { errorLog(id: $id) { id errorMessage } }`;

async function addLog(tenantId: string | null, fields: { type: string; correlation: string; createdAt?: string }) {
  const [row] = await sql<{ id: string }>(
    db.ownerUrl,
    `INSERT INTO identity.error_logs (id, tenant_id, error_type, error_message, stack_trace, correlation_id, severity, request_body, created_at)
     VALUES (gen_random_uuid(), $1, $2, 'boom', 'Error: boom\n    at /srv/app.js:1', $3, 'high', '{"q":"{ x }"}', coalesce($4::timestamptz, now())) RETURNING id`,
    [tenantId, fields.type, fields.correlation, fields.createdAt ?? null],
  );
  return row.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'ErrA');
  b = await createTenant(db, 'ErrB');
  ids.a1 = await addLog(a.id, { type: 'API_ERROR', correlation: 'req-a1', createdAt: '2026-01-01T00:00:00Z' });
  ids.a2 = await addLog(a.id, { type: 'DATABASE_ERROR', correlation: 'req-a2' });
  ids.b1 = await addLog(b.id, { type: 'API_ERROR', correlation: 'req-b1' });
  ids.system = await addLog(null, { type: 'STARTUP_ERROR', correlation: 'req-sys' });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('error logs', () => {
  it("lists only the tenant's errors: neither another tenant's nor system errors", async () => {
    const res = await sg.request(LIST, { principal: principalFor(a.id, ['identity.error.read']) });
    expect(res.data!.errorLogs.totalCount).toBe(2);
    expect(res.data!.errorLogs.edges.map((e: any) => e.node.id)).toEqual([ids.a2, ids.a1]);
    for (const id of [ids.b1, ids.system]) {
      const one = await sg.request(ONE, { variables: { id }, principal: principalFor(a.id) });
      expect(one).toEqual(await sg.request(ONE, { variables: { id: MISSING_ID }, principal: principalFor(a.id) }));
    }
  });

  it('hides rows without a tenant from the app role even with a tenant set (RLS)', async () => {
    const rows = await queryAsTenant<{ tenant_id: string | null }>(sg.dataSource, a.id, 'SELECT tenant_id FROM identity.error_logs');
    expect(rows.map((r) => r.tenant_id)).toEqual([a.id, a.id]);
    await expect(
      queryAsTenant(sg.dataSource, a.id, `INSERT INTO identity.error_logs (id, tenant_id, error_type, error_message) VALUES (gen_random_uuid(), NULL, 'X', 'x')`),
    ).rejects.toThrow(/row-level security/);
  });

  it('filters by correlation id (the request id), type and time', async () => {
    const principal = principalFor(a.id);
    const byRequest = await sg.request(LIST, { variables: { filter: { correlationId: { eq: 'req-a1' } } }, principal });
    expect(byRequest.data!.errorLogs.edges.map((e: any) => e.node)).toEqual([{ id: ids.a1, errorType: 'API_ERROR', errorMessage: 'boom', correlationId: 'req-a1', severity: 'HIGH' }]);
    const byType = await sg.request(LIST, { variables: { filter: { errorType: { eq: 'DATABASE_ERROR' } } }, principal });
    expect(byType.data!.errorLogs.edges.map((e: any) => e.node.id)).toEqual([ids.a2]);
    const recent = await sg.request(LIST, { variables: { filter: { createdAt: { gte: '2026-06-01T00:00:00Z' } } }, principal });
    expect(recent.data!.errorLogs.edges.map((e: any) => e.node.id)).toEqual([ids.a2]);
  });

  it('needs identity.error.read; stack traces and bodies need support.access on top', async () => {
    expect((await sg.request(LIST, { principal: principalFor(a.id, ['identity.user.read']) })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const q = `query($id: ID!) { errorLog(id: $id) { id stackTrace requestBody } }`;
    const admin = await sg.request(q, { variables: { id: ids.a1 }, principal: principalFor(a.id, ['identity.*']) });
    expect(admin.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', required: ['support.access'] });
    const support = await sg.request(q, { variables: { id: ids.a1 }, principal: principalFor(a.id, ['identity.error.read', 'support.access']) });
    expect(support.data!.errorLog).toEqual({ id: ids.a1, stackTrace: 'Error: boom\n    at /srv/app.js:1', requestBody: { q: '{ x }' } });
  });
});
