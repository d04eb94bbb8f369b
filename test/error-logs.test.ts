import { ERROR_REPORTS_ROUTE, INTERNAL_TOKEN_HEADER, mintInternalToken, newId, servicePrincipal } from '@leadgraph/shared';
import { TEST_INTERNAL_SECRET, createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { DEMO, acme, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

/**
 * An internal error in any subgraph reaches the client masked, and lands in identity's
 * error_logs under the caller's tenant with the request id, where support staff read why.
 * The fault is real: the app role loses SELECT on crm.leads for the duration of one request.
 */
let db: TestDatabase;
let sg: TestSupergraph;
let appRole: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  appRole = new URL(db.appUrl).username;
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

type Row = { tenant_id: string; user_id: string; error_type: string; error_code: string; error_message: string; stack_trace: string | null; endpoint: string; context: Record<string, unknown> };

async function errorLogsFor(requestId: string, timeoutMs = 5_000): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<Row>(db.ownerUrl, `SELECT tenant_id, user_id, error_type, error_code, error_message, stack_trace, endpoint, context FROM identity.error_logs WHERE correlation_id = $1`, [requestId]);
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function failingLeadsQuery(token: string, requestId: string) {
  await sql(db.ownerUrl, `REVOKE SELECT ON crm.leads FROM ${appRole}`);
  try {
    return await sg.request(`query BrokenLeads { leads(first: 5) { totalCount } }`, { token, headers: { 'x-request-id': requestId } });
  } finally {
    await sql(db.ownerUrl, `GRANT SELECT ON crm.leads TO ${appRole}`);
  }
}

describe('error logs', () => {
  it('masks a database failure for the client and files it under the tenant with the request id', async () => {
    const admin = await sg.login('admin@acme.test');
    const requestId = `err-${newId()}`;
    const res = await failingLeadsQuery(admin, requestId);
    expect(res.errors).toEqual([{ message: 'Internal server error', path: ['leads'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);

    const rows = await errorLogsFor(requestId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      tenant_id: acme.id,
      user_id: DEMO.id('acme:user:admin'),
      error_type: 'DATABASE_ERROR',
      error_code: 'INTERNAL_SERVER_ERROR',
      endpoint: 'crm:BrokenLeads',
      context: { domain: 'crm', operationName: 'BrokenLeads', path: 'leads', detail: expect.stringMatching(/permission denied for table leads/) },
    });
    // What a tenant admin reads names the place, never the database's words.
    expect(row.error_message).toBe('Internal server error in crm at leads');
    expect(row.stack_trace).toMatch(/QueryFailedError/);
  });

  it('shows support staff the detail and the stack; a tenant admin sees that it failed but not why', async () => {
    const admin = await sg.login('admin@acme.test');
    const requestId = `err-${newId()}`;
    await failingLeadsQuery(admin, requestId);
    expect(await errorLogsFor(requestId)).toHaveLength(1);
    const LIST = `query($id: String!) { errorLogs(first: 5, filter: { correlationId: { eq: $id } }) { edges { node { errorMessage correlationId stackTrace context } } } }`;
    const ADMIN_LIST = `query($id: String!) { errorLogs(first: 5, filter: { correlationId: { eq: $id } }) { edges { node { errorMessage correlationId } } } }`;

    const support = await sg.login('support@leadgraph.test');
    const seen = await sg.request(LIST, { token: support, headers: { 'x-support-tenant': acme.id }, variables: { id: requestId } });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.errorLogs.edges).toHaveLength(1);
    const node = seen.data!.errorLogs.edges[0].node;
    expect(node).toMatchObject({ correlationId: requestId, errorMessage: 'Internal server error in crm at leads', context: { detail: expect.stringMatching(/permission denied/) } });
    expect(node.stackTrace).toMatch(/QueryFailedError/);

    const listed = await sg.request(ADMIN_LIST, { token: admin, variables: { id: requestId } });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.errorLogs.edges.map((e: { node: unknown }) => e.node)).toEqual([{ errorMessage: 'Internal server error in crm at leads', correlationId: requestId }]);
    const why = await sg.request(LIST, { token: admin, variables: { id: requestId } });
    expect(why.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('does not show one tenant the errors of another', async () => {
    const admin = await sg.login('admin@acme.test');
    const requestId = `err-${newId()}`;
    await failingLeadsQuery(admin, requestId);
    expect(await errorLogsFor(requestId)).toHaveLength(1);
    const globex = await sg.login('admin@globex.test');
    const res = await sg.request(`query($id: String!) { errorLogs(first: 5, filter: { correlationId: { eq: $id } }) { totalCount } }`, { token: globex, variables: { id: requestId } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.errorLogs.totalCount).toBe(0);
  });

  it("accepts reports only with a reporter's token, for the reporter's own domain", async () => {
    const url = new URL(ERROR_REPORTS_ROUTE.path, sg.subgraphs.identity.url).toString();
    const report = {
      id: newId(), domain: 'crm', tenantId: acme.id, userId: null, errorType: 'API_ERROR', operationName: null, path: null,
      detail: 'forged', stack: null, correlationId: `forged-${newId()}`, environment: 'test',
    };
    const post = (token: string | null, body: unknown = report) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { [INTERNAL_TOKEN_HEADER]: token } : {}) }, body: JSON.stringify(body) }).then((r) => r.status);
    const gatewayToken = mintInternalToken({ kind: 'user', userId: DEMO.id('acme:user:admin'), tenantId: acme.id, roles: ['admin'], permissions: ['identity.*'] }, { secret: TEST_INTERNAL_SECRET, audience: 'identity' });
    expect(await post(null)).toBe(401);
    expect(await post(gatewayToken)).toBe(401);
    expect(await post(mintInternalToken(servicePrincipal('billing'), { secret: TEST_INTERNAL_SECRET, audience: ERROR_REPORTS_ROUTE.audience }))).toBe(403);
    expect(await post(mintInternalToken(servicePrincipal('crm'), { secret: TEST_INTERNAL_SECRET, audience: ERROR_REPORTS_ROUTE.audience }), { ...report, tenantId: 'nope' })).toBe(400);
    expect(await sql(db.ownerUrl, `SELECT 1 FROM identity.error_logs WHERE correlation_id = $1`, [report.correlationId])).toHaveLength(0);
    expect(await post(mintInternalToken(servicePrincipal('crm'), { secret: TEST_INTERNAL_SECRET, audience: ERROR_REPORTS_ROUTE.audience }))).toBe(200);
    expect(await sql(db.ownerUrl, `SELECT 1 FROM identity.error_logs WHERE correlation_id = $1`, [report.correlationId])).toHaveLength(1);
  });
});
