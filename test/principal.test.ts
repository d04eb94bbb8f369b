import { createPrivateKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { newId } from '@leadgraph/shared';
import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { PrincipalRefused, PrincipalUnavailable, createPrincipalResolver, principalUrlFor, subgraphUrlInSupergraph } from '../gateway/src/principal';
import { acme, globex, seedTestDemo } from './demo';
import { AUDIENCE, ISSUER, startSupergraph, type TestSupergraph } from './supergraph';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The gateway resolves every credential through identity: what a token may do, and whether it
 * still works, is identity's answer now, not what the token said when it was signed.
 */
describe('through the gateway', () => {
  let db: TestDatabase;
  let sg: TestSupergraph;
  const ME = `{ me { id } }`;
  const CREATE_LEAD = `mutation { createLead(input: { email: "p@example.com", name: "P" }) { lead { id } } }`;

  /** A correctly signed access token; `perms` is what a stale token might still claim. */
  const tokenFor = (userId: string, tenantId: string, perms: string[] = []) =>
    jwt.sign({ sub: userId, tid: tenantId, roles: [], perms }, createPrivateKey(sg.privateKeyPem), {
      algorithm: 'ES256',
      keyid: 'test-key',
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: 300,
    });

  async function addUser(tenantId: string, permissions: string[]) {
    const id = newId();
    const roleId = newId();
    await sql(db.ownerUrl, `INSERT INTO identity.users (id, tenant_id, email, password_hash, name) VALUES ($1, $2, $3, 'x', 'Someone')`, [id, tenantId, `${id}@example.test`]);
    await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, 2, $4)`, [roleId, tenantId, `role-${id}`, permissions]);
    await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenantId, id, roleId]);
    return { id, roleId };
  }

  const refusal = async (token: string) => {
    const res = await sg.request(ME, { token });
    expect({ status: res.status, code: res.errors?.[0].extensions?.code, data: res.data ?? null }).toEqual({ status: 401, code: 'UNAUTHENTICATED', data: null });
    return res.errors![0].message;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    sg = await startSupergraph(db);
  });
  afterAll(async () => {
    await sg?.stop();
    await db?.drop();
  });

  it("refuses a deactivated user's still valid token, and accepts it again after reactivation", async () => {
    const user = await addUser(acme.id, ['crm.lead.read']);
    const token = tokenFor(user.id, acme.id);
    expect((await sg.request(ME, { token })).data!.me).toEqual({ id: user.id });
    await sql(db.ownerUrl, `UPDATE identity.users SET is_active = false WHERE id = $1`, [user.id]);
    expect(await refusal(token)).toBe('This user is deactivated');
    await sql(db.ownerUrl, `UPDATE identity.users SET is_active = true WHERE id = $1`, [user.id]);
    expect((await sg.request(ME, { token })).data!.me).toEqual({ id: user.id });
  });

  it("refuses a suspended tenant's tokens and API keys", async () => {
    const admin = globex.users.find((u) => u.role === 'admin')!;
    const token = tokenFor(admin.id, globex.id);
    const created = await sg.request(`mutation { createApiKey(input: { name: "globex", scopes: ["crm.lead.read"] }) { secret } }`, { token });
    const secret = created.data!.createApiKey.secret as string;
    await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = false WHERE id = $1`, [globex.id]);
    try {
      expect(await refusal(token)).toBe('This tenant is suspended');
      const withKey = await sg.request(ME, { headers: { 'x-api-key': secret } });
      expect({ status: withKey.status, message: withKey.errors![0].message }).toEqual({ status: 401, message: 'This tenant is suspended' });
    } finally {
      await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = true WHERE id = $1`, [globex.id]);
    }
    expect((await sg.request(ME, { token })).status).toBe(200);
  });

  it("applies a role's new permissions to the next request, whatever the token claims", async () => {
    const user = await addUser(acme.id, ['crm.lead.read', 'crm.data.view_own']);
    // The token claims everything; identity says read only.
    const token = tokenFor(user.id, acme.id, ['*']);
    expect((await sg.request(CREATE_LEAD, { token })).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    await sql(db.ownerUrl, `UPDATE identity.roles SET permissions = '{crm.lead.read,crm.lead.write,crm.data.view_own}' WHERE id = $1`, [user.roleId]);
    expect((await sg.request(CREATE_LEAD, { token })).errors).toBeUndefined();
    await sql(db.ownerUrl, `UPDATE identity.roles SET permissions = '{crm.lead.read}' WHERE id = $1`, [user.roleId]);
    expect((await sg.request(CREATE_LEAD, { token })).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a validly signed token for a user identity does not know, or in another tenant', async () => {
    expect(await refusal(tokenFor(newId(), acme.id))).toBe('This user no longer exists');
    const admin = acme.users.find((u) => u.role === 'admin')!;
    expect(await refusal(tokenFor(admin.id, globex.id))).toBe('This user no longer exists');
  });

  // Last: it takes identity down.
  it('answers 503 (retry) when identity cannot be asked, without saying where identity lives', async () => {
    const admin = acme.users.find((u) => u.role === 'admin')!;
    await sg.subgraphs.identity.stop();
    const res = await sg.request(`{ leads(first: 1) { totalCount } }`, { token: tokenFor(admin.id, acme.id) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost|http:|ECONNREFUSED|internal\/principal/);
    // Anonymous callers are not resolved: they still get their normal answer.
    expect((await sg.request(`{ __typename }`)).status).toBe(200);
  });
});

describe("the gateway's principal cache", () => {
  let server: Server;
  let url: string;
  let calls: Record<string, unknown>[];
  let reply: (body: Record<string, unknown>) => { status: number; body: unknown };

  const PRINCIPAL = { kind: 'api_key', userId: newId(), tenantId: newId(), roles: ['admin'], permissions: ['crm.lead.read'], teamUserIds: [], apiKeyId: newId(), denied: [], resourcePolicies: [] };
  const resolver = (ttlMs: number, target = url) => createPrincipalResolver({ url: target, internalTokenSecret: 'x'.repeat(32), ttlMs, log: quiet, timeoutMs: 1_000 });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        calls.push(body);
        const answer = reply(body);
        // Slow enough that concurrent questions overlap.
        setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)), 20);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/internal/principal`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    calls = [];
    reply = () => ({ status: 200, body: { principal: PRINCIPAL } });
  });

  it('reuses an answer within the TTL, asks again after it, and shares one call between concurrent requests', async () => {
    const resolve = resolver(150);
    const answers = await Promise.all([1, 2, 3].map(() => resolve({ apiKey: 'lg_a' }, 'r')));
    expect(answers).toEqual([PRINCIPAL, PRINCIPAL, PRINCIPAL]);
    await resolve({ apiKey: 'lg_a' }, 'r');
    expect(calls).toHaveLength(1);
    await resolve({ userId: PRINCIPAL.userId, tenantId: PRINCIPAL.tenantId }, 'r');
    expect(calls).toHaveLength(2);
    await sleep(200);
    await resolve({ apiKey: 'lg_a' }, 'r');
    expect(calls).toHaveLength(3);
  });

  it('asks every time with a TTL of 0', async () => {
    const resolve = resolver(0);
    await resolve({ apiKey: 'lg_a' }, 'r');
    await resolve({ apiKey: 'lg_a' }, 'r');
    expect(calls).toHaveLength(2);
  });

  it("caches refusals too, with identity's message", async () => {
    reply = () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'This API key was revoked' } } });
    const resolve = resolver(1_000);
    for (let i = 0; i < 3; i++) await expect(resolve({ apiKey: 'lg_revoked' }, 'r')).rejects.toThrow(new PrincipalRefused('This API key was revoked'));
    expect(calls).toHaveLength(1);
  });

  it('treats anything but an answer or a refusal as unavailable, and never caches it', async () => {
    const resolve = resolver(1_000);
    for (const answer of [
      { status: 500, body: { error: { code: 'INTERNAL_SERVER_ERROR' } } },
      { status: 401, body: { error: { code: 'INVALID_INTERNAL_TOKEN' } } }, // our own misconfiguration, not the caller's fault
      { status: 200, body: { principal: { kind: 'root' } } },
    ]) {
      reply = () => answer;
      await expect(resolve({ apiKey: 'lg_b' }, 'r')).rejects.toBeInstanceOf(PrincipalUnavailable);
    }
    reply = () => ({ status: 200, body: { principal: PRINCIPAL } });
    await expect(resolve({ apiKey: 'lg_b' }, 'r')).resolves.toEqual(PRINCIPAL);
    expect(calls).toHaveLength(4);

    const closed = resolver(1_000, 'http://127.0.0.1:9/internal/principal');
    await expect(closed({ apiKey: 'lg_b' }, 'r')).rejects.toBeInstanceOf(PrincipalUnavailable);
  });

  it("finds identity's endpoint next to its GraphQL URL, from config or the supergraph", () => {
    expect(principalUrlFor('http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/internal/principal');
    expect(principalUrlFor('https://id.example.com/identity/graphql')).toBe('https://id.example.com/identity/internal/principal');
    const sdl = `enum join__Graph { CRM @join__graph(name: "crm", url: "http://c/graphql") IDENTITY @join__graph(name: "identity", url: "http://i:4001/graphql") }`;
    expect(subgraphUrlInSupergraph(sdl, 'identity')).toBe('http://i:4001/graphql');
  });
});
