import { API_USAGE_ROUTE, INTERNAL_TOKEN_HEADER, PLAN_LIMITS_ROUTE, mintInternalToken, newId, servicePrincipal } from '@leadgraph/shared';
import { TEST_INTERNAL_SECRET, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { billing } from '@leadgraph/billing';

let db: TestDatabase;
let sg: TestSubgraph;

const base = () => sg.url.replace(/\/graphql$/, '');
const tokenFor = (audience: string, domain = 'gateway') => mintInternalToken(servicePrincipal(domain), { secret: TEST_INTERNAL_SECRET, audience });

async function post(path: string, body: unknown, token: string) {
  const res = await fetch(`${base()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const usage = (tenantId: string, extra: Record<string, unknown> = {}) => ({
  id: newId(),
  tenantId,
  userId: newId(),
  apiKeyId: null,
  principalKind: 'user',
  endpoint: '/graphql',
  method: 'POST',
  statusCode: 200,
  responseTimeMs: 12,
  operationName: 'Leads',
  operationType: 'query',
  requestId: `req-${newId()}`,
  occurredAt: new Date().toISOString(),
  ...extra,
});

const count = async (tenantId: string) => Number((await sql<{ n: string }>(db.ownerUrl, 'SELECT count(*) AS n FROM billing.api_usage WHERE tenant_id = $1', [tenantId]))[0].n);

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, billing);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('POST /internal/api-usage', () => {
  it('stores a batch of several tenants once: the same batch again adds nothing', async () => {
    const a = (await createTenant(db, 'UsageA')).id;
    const b = (await createTenant(db, 'UsageB')).id;
    const batch = { domain: 'gateway', records: [usage(a), usage(a, { apiKeyId: newId(), principalKind: 'api_key' }), usage(b, { statusCode: 429, operationType: null, operationName: null })] };
    expect(await post('/internal/api-usage', batch, tokenFor(API_USAGE_ROUTE.audience))).toEqual({ status: 200, body: { received: 3, stored: 3 } });
    expect(await post('/internal/api-usage', batch, tokenFor(API_USAGE_ROUTE.audience))).toEqual({ status: 200, body: { received: 3, stored: 0 } });
    expect([await count(a), await count(b)]).toEqual([2, 1]);
  });

  it('refuses a token of another audience (401), another domain than the gateway (400) and a bad record (400), storing nothing', async () => {
    const t = (await createTenant(db, 'UsageRefused')).id;
    const batch = { domain: 'gateway', records: [usage(t)] };
    expect((await post('/internal/api-usage', batch, tokenFor('billing'))).status).toBe(401);
    expect((await post('/internal/api-usage', batch, tokenFor(PLAN_LIMITS_ROUTE.audience))).status).toBe(401);
    expect((await post('/internal/api-usage', { ...batch, domain: 'crm' }, tokenFor(API_USAGE_ROUTE.audience, 'crm'))).status).toBe(400);
    expect((await post('/internal/api-usage', batch, tokenFor(API_USAGE_ROUTE.audience, 'crm'))).status).toBe(403);
    expect((await post('/internal/api-usage', { domain: 'gateway', records: [usage(t, { tenantId: 'x' })] }, tokenFor(API_USAGE_ROUTE.audience))).status).toBe(400);
    expect(await count(t)).toBe(0);
  });

  it("keeps every tenant's usage under RLS: a tenant's apiUsage query sees only its own rows", async () => {
    const a = (await createTenant(db, 'UsageOwn')).id;
    const b = (await createTenant(db, 'UsageOther')).id;
    const mine = usage(a);
    await post('/internal/api-usage', { domain: 'gateway', records: [mine, usage(b)] }, tokenFor(API_USAGE_ROUTE.audience));
    const res = await sg.request(`{ apiUsage(first: 10) { totalCount edges { node { id requestId } } } }`, { principal: principalFor(a, ['billing.usage.read']) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.apiUsage).toEqual({ totalCount: 1, edges: [{ node: { id: mine.id, requestId: mine.requestId } }] });
    const refused = await sg.request(`{ apiUsage(first: 10) { totalCount } }`, { principal: principalFor(a, ['billing.subscription.read']) });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('POST /internal/plan-limits', () => {
  it("answers each tenant's plan limit, null without an active plan, only to its own audience", async () => {
    const tier = newId();
    await sql(db.ownerUrl, `INSERT INTO billing.subscription_tiers (id, name, api_requests_per_minute) VALUES ($1, 'limits-test', 42)`, [tier]);
    const [on, canceled, none] = [await createTenant(db, 'On'), await createTenant(db, 'Canceled'), await createTenant(db, 'None')].map((t) => t.id);
    for (const [tenant, status] of [[on, 'active'], [canceled, 'canceled']]) {
      await sql(
        db.ownerUrl,
        `INSERT INTO billing.tenant_subscriptions (id, tenant_id, tier_id, status, current_period_start, current_period_end) VALUES ($1, $2, $3, $4, now(), now() + interval '1 month')`,
        [newId(), tenant, tier, status],
      );
    }
    const question = { domain: 'gateway', tenantIds: [on, canceled, none] };
    expect(await post('/internal/plan-limits', question, tokenFor(PLAN_LIMITS_ROUTE.audience))).toEqual({
      status: 200,
      body: { limits: { [on]: { apiRequestsPerMinute: 42 }, [canceled]: { apiRequestsPerMinute: null }, [none]: { apiRequestsPerMinute: null } } },
    });
    expect((await post('/internal/plan-limits', question, tokenFor(API_USAGE_ROUTE.audience))).status).toBe(401);
    expect((await post('/internal/plan-limits', { domain: 'gateway', tenantIds: ["1' OR 1=1"] }, tokenFor(PLAN_LIMITS_ROUTE.audience))).status).toBe(400);
  });
});
