import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, globex, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

const BATCH = 4;

let db: TestDatabase;
let sg: TestSupergraph;
const userOf = (tenant: typeof acme, role: string) => tenant.users.find((u) => u.role === role)!;

interface Row {
  id: string;
  tenant_id: string;
  user_id: string | null;
  api_key_id: string | null;
  principal_kind: string;
  endpoint: string;
  method: string;
  status_code: number;
  response_time_ms: number;
  operation_name: string | null;
  operation_type: string | null;
  request_id: string;
  occurred_at: Date;
  tx: string;
}

const rows = () => sql<Row>(db.ownerUrl, `SELECT *, xmin::text AS tx FROM billing.api_usage ORDER BY occurred_at, id`);

/** Waits until billing holds `n` usage rows: they arrive in the background, a batch at a time. */
async function untilRows(n: number): Promise<Row[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await rows();
    if (found.length >= n || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const USAGE = `query Usage($filter: ApiUsageFilter) {
  apiUsage(first: 100, filter: $filter) {
    totalCount
    edges { node { id apiKeyId userId principalKind endpoint method statusCode responseTimeMs operationName operationType requestId occurredAt } }
  }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db, {
    env: {
      METERING_ENABLED: 'true',
      METERING_MAX_BATCH: String(BATCH),
      // Far away: in this test only a full batch sends (and stop() what is left).
      METERING_FLUSH_MS: '600000',
    },
  });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

it('stores one row per request with tenant, principal, operation and status, in batches, and shows them only to the tenant', async () => {
  // Sign-ins are anonymous: no tenant to store them under, so they are only counted in the log.
  const acmeAdmin = await sg.login('admin@acme.test');
  const acmeViewer = await sg.login('viewer@acme.test');
  const globexAdmin = await sg.login('admin@globex.test');
  expect(await rows()).toEqual([]);

  // First batch: a user's mutation, an API key's query, a refused mutation, another tenant.
  const created = await sg.request(
    `mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
    { token: acmeAdmin, variables: { input: { name: 'metered', scopes: ['crm.lead.read', 'crm.data.view_all'] } } },
  );
  const keyId = created.data!.createApiKey.apiKey.id as string;
  const byKey = await sg.request(`query KeyLeads { leads(first: 1) { totalCount } }`, { headers: { 'x-api-key': created.data!.createApiKey.secret } });
  const forbidden = await sg.request(`mutation ViewerCreate { createLead(input: { email: "m@example.com", name: "M" }) { lead { id } } }`, { token: acmeViewer });
  expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
  const globexLeads = await sg.request(`query GlobexLeads { leads(first: 1) { totalCount } }`, { token: globexAdmin });
  const first = [created, byKey, forbidden, globexLeads].map((r) => r.headers.get('x-request-id')!);

  const batch1 = await untilRows(BATCH);
  expect(batch1.map((r) => r.request_id).sort()).toEqual([...first].sort());
  const row = (requestId: string) => batch1.find((r) => r.request_id === requestId);
  const admin = userOf(acme, 'admin').id;
  expect(row(first[0])).toMatchObject({ tenant_id: acme.id, user_id: admin, api_key_id: null, principal_kind: 'user', operation_name: 'CreateKey', operation_type: 'mutation', status_code: 200, endpoint: '/graphql', method: 'POST' });
  expect(row(first[1])).toMatchObject({ tenant_id: acme.id, user_id: admin, api_key_id: keyId, principal_kind: 'api_key', operation_name: 'KeyLeads', operation_type: 'query', status_code: 200 });
  expect(row(first[2])).toMatchObject({ tenant_id: acme.id, user_id: userOf(acme, 'viewer').id, principal_kind: 'user', operation_name: 'ViewerCreate', operation_type: 'mutation' });
  expect(row(first[3])).toMatchObject({ tenant_id: globex.id, user_id: userOf(globex, 'admin').id, principal_kind: 'user', operation_name: 'GlobexLeads', operation_type: 'query', status_code: 200 });
  for (const r of batch1) expect(r.response_time_ms).toBeGreaterThanOrEqual(0);

  // Second batch: a request the gateway refuses (400), and the usage queries themselves.
  const broken = await sg.request(`query Broken { noSuchField }`, { token: acmeAdmin });
  expect(broken.status).toBe(400);
  const acmeUsage = await sg.request(USAGE, { token: acmeAdmin });
  const globexUsage = await sg.request(USAGE, { token: globexAdmin });
  const viewerUsage = await sg.request(USAGE, { token: acmeViewer });
  const second = [broken, acmeUsage, globexUsage, viewerUsage].map((r) => r.headers.get('x-request-id')!);

  expect(acmeUsage.errors).toBeUndefined();
  const seen = (res: typeof acmeUsage) => res.data!.apiUsage.edges.map((e: { node: { requestId: string } }) => e.node.requestId).sort();
  expect(seen(acmeUsage)).toEqual(first.slice(0, 3).sort());
  expect(acmeUsage.data!.apiUsage.totalCount).toBe(3);
  expect(acmeUsage.data!.apiUsage.edges.find((e: { node: { requestId: string } }) => e.node.requestId === first[1]).node).toMatchObject({
    apiKeyId: keyId,
    userId: admin,
    principalKind: 'API_KEY',
    operationName: 'KeyLeads',
    operationType: 'QUERY',
    statusCode: 200,
    endpoint: '/graphql',
    method: 'POST',
  });
  expect(seen(globexUsage)).toEqual([first[3]]);
  expect(viewerUsage.errors![0].extensions!.code).toBe('FORBIDDEN');
  const byFilter = await sg.request(USAGE, { token: acmeAdmin, variables: { filter: { apiKeyId: { eq: keyId } } } });
  expect(seen(byFilter)).toEqual([first[1]]);

  const all = await untilRows(2 * BATCH);
  expect(all).toHaveLength(2 * BATCH);
  const later = (requestId: string) => all.find((r) => r.request_id === requestId);
  expect(later(second[0])).toMatchObject({ tenant_id: acme.id, status_code: 400, operation_name: null, operation_type: null });
  expect(later(second[1])).toMatchObject({ tenant_id: acme.id, operation_name: 'Usage', operation_type: 'query', status_code: 200 });
  expect(later(second[3])).toMatchObject({ tenant_id: acme.id, user_id: userOf(acme, 'viewer').id, operation_name: 'Usage' });
  // Batched: every row of a POST is written in one transaction, so fewer transactions than rows
  // means fewer POSTs than requests (two here, for eight requests).
  expect(new Set(all.map((r) => r.tx)).size).toBe(2);
  // Twelve requests so far: the three sign-ins are never stored, the ninth metered one waits for
  // the next batch, and stopping the gateway delivers it.
  expect(all.map((r) => r.request_id)).not.toContain(byFilter.headers.get('x-request-id'));
  await sg.gateway.stop();
  const final = await rows();
  expect(final).toHaveLength(2 * BATCH + 1);
  expect(final.map((r) => r.request_id)).toContain(byFilter.headers.get('x-request-id'));
});
