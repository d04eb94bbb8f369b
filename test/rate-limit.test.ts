import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { newId } from '@leadgraph/shared';
import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, globex, seedTestDemo } from './demo';
import { AUDIENCE, ISSUER, startSupergraph, type GatewayRequest, type TestSupergraph } from './supergraph';

const DEFAULT_PER_MINUTE = 2;
const REDIS_URL = 'redis://127.0.0.1:6379';

let db: TestDatabase;
let sg: TestSupergraph;
const tierId = newId();

const userOf = (tenant: typeof acme, role: string) => tenant.users.find((u) => u.role === role)!;
/** An access token as identity signs it (no login call: those are anonymous and counted per address). */
const tokenFor = (user: { id: string }, tenant: { id: string }) =>
  jwt.sign({ sub: user.id, tid: tenant.id, roles: [], perms: [] }, createPrivateKey(sg.privateKeyPem), {
    algorithm: 'ES256',
    keyid: 'test-key',
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: 300,
  });

const LEADS = `{ leads(first: 1) { totalCount } }`;

async function createKey(name: string): Promise<string> {
  const res = await sg.request(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { token: tokenFor(userOf(acme, 'admin'), acme), variables: { input: { name, scopes: ['crm.lead.read', 'crm.data.view_all'] } } },
  );
  if (!res.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(res.errors)}`);
  return res.data.createApiKey.secret as string;
}

const withKey = (secret: string, request: GatewayRequest = sg.request) => request(LEADS, { headers: { 'x-api-key': secret } });
const setPlanLimit = (perMinute: number | null) => sql(db.ownerUrl, `UPDATE billing.subscription_tiers SET api_requests_per_minute = $2 WHERE id = $1`, [tierId, perMinute]);
const limitHeaders = (res: { headers: Headers }) => ({
  limit: res.headers.get('ratelimit-limit'),
  remaining: res.headers.get('ratelimit-remaining'),
});

function expectRefused(res: Awaited<ReturnType<GatewayRequest>>, limit: number) {
  expect(res.status).toBe(429);
  expect(res.errors).toEqual([{ message: expect.stringContaining(`${limit} requests per minute`), extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } }]);
  const retryAfter = res.errors![0].extensions!.retryAfter as number;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers.get('retry-after')).toBe(String(retryAfter));
  expect(limitHeaders(res)).toEqual({ limit: String(limit), remaining: '0' });
  expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
  expect(res.data ?? null).toBeNull();
}

const keys: Record<'a' | 'b' | 'plan' | 'replicas' | 'insured', string> = { a: '', b: '', plan: '', replicas: '', insured: '' };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db, {
    env: {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_DEFAULT_PER_MINUTE: String(DEFAULT_PER_MINUTE),
      // Every request asks billing, so a plan change shows at the next request.
      PLAN_LIMITS_CACHE_TTL_MS: '0',
    },
  });
  // The keys are created on the demo's growth plan (1000 a minute); then Acme moves to a plan of 3.
  for (const name of Object.keys(keys) as (keyof typeof keys)[]) keys[name] = await createKey(`rate-limit ${name}`);
  await sql(db.ownerUrl, `INSERT INTO billing.subscription_tiers (id, name, api_requests_per_minute) VALUES ($1, 'rate-limit-test', 3)`, [tierId]);
  await sql(db.ownerUrl, `UPDATE billing.tenant_subscriptions SET tier_id = $2 WHERE tenant_id = $1`, [acme.id, tierId]);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('per API key and per user, from the plan', () => {
  it("refuses a key over its plan's limit (429, RATE_LIMITED, Retry-After, RateLimit-*) while another key and a user of the tenant still pass", async () => {
    for (const remaining of ['2', '1', '0']) {
      const ok = await withKey(keys.a);
      expect(ok.status).toBe(200);
      expect(ok.errors).toBeUndefined();
      expect(limitHeaders(ok)).toEqual({ limit: '3', remaining });
    }
    expectRefused(await withKey(keys.a), 3);

    const other = await withKey(keys.b);
    expect({ status: other.status, errors: other.errors, ...limitHeaders(other) }).toEqual({ status: 200, errors: undefined, limit: '3', remaining: '2' });
    const user = await sg.request(LEADS, { token: tokenFor(userOf(acme, 'manager'), acme) });
    expect({ status: user.status, errors: user.errors, ...limitHeaders(user) }).toEqual({ status: 200, errors: undefined, limit: '3', remaining: '2' });
  });

  it('refuses before any subgraph is called', async () => {
    const domains = ['crm', 'assessments', 'podcasts', 'conversations'];
    const reset = () => domains.forEach((d) => sg.subgraphs[d].counter.reset());
    const statements = () => domains.map((d) => sg.subgraphs[d].counter.count).reduce((a, b) => a + b, 0);

    reset();
    expectRefused(await withKey(keys.a), 3);
    expect(statements()).toBe(0);
    // The same query from a key under its limit does reach crm.
    reset();
    expect((await withKey(keys.b)).status).toBe(200);
    expect(sg.subgraphs.crm.counter.count).toBeGreaterThan(0);
  });

  it("follows the tenant's plan: a changed tier limit applies to the next request, and a plan without one gets the default", async () => {
    for (let i = 0; i < 3; i++) expect((await withKey(keys.plan)).status).toBe(200);
    expectRefused(await withKey(keys.plan), 3);

    await setPlanLimit(6);
    const more = await withKey(keys.plan);
    expect({ status: more.status, ...limitHeaders(more) }).toEqual({ status: 200, limit: '6', remaining: '1' });

    await setPlanLimit(null);
    expectRefused(await withKey(keys.plan), DEFAULT_PER_MINUTE);
    await setPlanLimit(3);
  });

  it('gives the default to a tenant without an active subscription', async () => {
    await sql(db.ownerUrl, `UPDATE billing.tenant_subscriptions SET status = 'canceled' WHERE tenant_id = $1`, [globex.id]);
    const res = await sg.request(LEADS, { token: tokenFor(userOf(globex, 'viewer'), globex) });
    expect({ status: res.status, ...limitHeaders(res) }).toEqual({ status: 200, limit: String(DEFAULT_PER_MINUTE), remaining: '1' });
    await sql(db.ownerUrl, `UPDATE billing.tenant_subscriptions SET status = 'active' WHERE tenant_id = $1`, [globex.id]);
  });
});

describe('anonymous callers', () => {
  it('are limited per client address with the default limit', async () => {
    const anonymous = (localAddress: string) => sg.request(`{ __typename }`, { localAddress });
    for (const remaining of ['1', '0']) {
      const ok = await anonymous('127.0.0.1');
      expect({ status: ok.status, ...limitHeaders(ok) }).toEqual({ status: 200, limit: String(DEFAULT_PER_MINUTE), remaining });
    }
    expectRefused(await anonymous('127.0.0.1'), DEFAULT_PER_MINUTE);
    // Another address (127.0.0.2 is loopback too) has its own count. If this fails while the
    // rest passes, gateway/src/server.ts does not put `clientIp: req.ip` on the context.
    const elsewhere = await anonymous('127.0.0.2');
    expect({ status: elsewhere.status, ...limitHeaders(elsewhere) }).toEqual({ status: 200, limit: String(DEFAULT_PER_MINUTE), remaining: '1' });
    // Signed-in callers from the limited address count on their own.
    const user = await sg.request(LEADS, { token: tokenFor(userOf(globex, 'manager'), globex), localAddress: '127.0.0.1' });
    expect(user.status).toBe(200);
  });
});

/** Whether a Redis answers PING at REDIS_URL; checked synchronously so the describe can be skipped. */
function redisReachable(): boolean {
  const { hostname, port } = new URL(REDIS_URL);
  const probe = `const s = require('net').connect(${Number(port)}, '${hostname}');
    s.setTimeout(1000, () => process.exit(1)); s.on('error', () => process.exit(1));
    s.on('connect', () => s.write('PING\\r\\n')); s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3_000 }).status === 0;
}

const withRedis = redisReachable();
(withRedis ? describe : describe.skip)(`with REDIS_URL (${withRedis ? REDIS_URL : `SKIPPED: no Redis answers at ${REDIS_URL}`})`, () => {
  it('shares the counters between gateway replicas', async () => {
    const env = { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_DEFAULT_PER_MINUTE: String(DEFAULT_PER_MINUTE), PLAN_LIMITS_CACHE_TTL_MS: '0', REDIS_URL };
    const one = await sg.addGateway(env);
    const two = await sg.addGateway(env);
    expect(limitHeaders(await withKey(keys.replicas, one.request))).toEqual({ limit: '3', remaining: '2' });
    expect(limitHeaders(await withKey(keys.replicas, two.request))).toEqual({ limit: '3', remaining: '1' });
    expect(limitHeaders(await withKey(keys.replicas, one.request))).toEqual({ limit: '3', remaining: '0' });
    expectRefused(await withKey(keys.replicas, two.request), 3);
  });
});

describe('when a store or billing is down', () => {
  it('counts in process when Redis cannot be reached (insurance limiter), instead of failing or freeing requests', async () => {
    const insured = await sg.addGateway({ RATE_LIMIT_ENABLED: 'true', PLAN_LIMITS_CACHE_TTL_MS: '0', REDIS_URL: 'redis://127.0.0.1:1' });
    for (const remaining of ['2', '1', '0']) expect(limitHeaders(await withKey(keys.insured, insured.request))).toEqual({ limit: '3', remaining });
    expectRefused(await withKey(keys.insured, insured.request), 3);
  });

  it('uses the default limit, and still answers, when billing cannot say what the plan allows', async () => {
    await sg.subgraphs.billing.stop();
    const res = await sg.request(LEADS, { token: tokenFor(userOf(acme, 'user'), acme) });
    expect(res.errors).toBeUndefined();
    expect({ status: res.status, ...limitHeaders(res) }).toEqual({ status: 200, limit: String(DEFAULT_PER_MINUTE), remaining: '1' });
  });
});
