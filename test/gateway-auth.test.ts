import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, globex, seedTestDemo } from './demo';
import { AUDIENCE, ISSUER, startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
const ME = `{ me { id email tenant { id name } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

const admin = acme.users.find((u) => u.role === 'admin')!;

/** A token signed with the real key, with claims changed by `patch`. */
function sign(patch: Record<string, unknown> = {}, options: jwt.SignOptions = {}, key = sg.privateKeyPem) {
  const claims = { sub: admin.id, tid: acme.id, roles: ['admin'], perms: ['crm.*'], exp: Math.floor(Date.now() / 1000) + 300, ...patch };
  return jwt.sign(claims, createPrivateKey(key), { algorithm: 'ES256', keyid: 'test-key', issuer: ISSUER, audience: AUDIENCE, ...options });
}

describe('login and me', () => {
  it('signs in with the demo password and answers me with the tenant', async () => {
    const token = await sg.login('admin@acme.test');
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: 'test-key' });
    const res = await sg.request(ME, { token });
    expect(res.data!.me).toEqual({ id: admin.id, email: 'admin@acme.test', tenant: { id: acme.id, name: 'Acme' } });
  });

  it('gives one answer for a wrong password and an unknown email', async () => {
    const q = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
    const wrong = await sg.request(q, { variables: { input: { email: 'admin@acme.test', password: 'nope' } } });
    const unknown = await sg.request(q, { variables: { input: { email: 'nobody@acme.test', password: 'nope' } } });
    expect(wrong.errors![0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors).toEqual(wrong.errors);
  });

  it('publishes the signing key at /.well-known/jwks.json on the gateway', async () => {
    const res = await fetch(sg.gateway.url.replace('/graphql', '/.well-known/jwks.json'));
    const body = (await res.json()) as { keys: { kid: string; alg: string; d?: string }[] };
    expect(body.keys).toEqual([expect.objectContaining({ kid: 'test-key', alg: 'ES256', kty: 'EC' })]);
    expect(body.keys[0].d).toBeUndefined();
  });

  it('answers /health with 200', async () => {
    expect((await fetch(sg.gateway.url.replace('/graphql', '/health'))).status).toBe(200);
  });
});

// Without a browser (the Chromium test then skips) the explorer is still served: page, CSP,
// every asset the page names, nothing from another origin.
describe('the explorer page', () => {
  it('serves GraphiQL to a browser with a strict CSP and every asset from this origin', async () => {
    const page = await fetch(sg.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/explorer\//);
      const res = await fetch(new URL(asset, sg.gateway.url));
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(new URL('/explorer/nope.js', sg.gateway.url))).status).toBe(404);
  });

  it('answers a GraphQL client, not the page, when the request is not a browser page load', async () => {
    const res = await fetch(`${sg.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the gateway refuses bad tokens with 401 UNAUTHENTICATED', () => {
  const expectRefused = async (token: string) => {
    const res = await sg.request(ME, { token });
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  };

  it('accepts the well-formed control token', async () => {
    const res = await sg.request(ME, { token: sign() });
    expect(res.data!.me.email).toBe('admin@acme.test');
  });

  it('refuses alg: none', async () => {
    const payload = Buffer.from(JSON.stringify({ sub: admin.id, tid: acme.id, perms: ['*'], iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'test-key' })).toString('base64url');
    await expectRefused(`${header}.${payload}.`);
  });

  it('refuses an expired token', async () => {
    await expectRefused(sign({ exp: Math.floor(Date.now() / 1000) - 60 }));
  });

  it('refuses a token that is not yet valid (nbf)', async () => {
    await expectRefused(sign({}, { notBefore: 3600 }));
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    await expectRefused(sign({}, { audience: 'someone-else' }));
    await expectRefused(sign({}, { issuer: 'evil' }));
  });

  it('refuses a tampered payload (tenant switched, signature kept)', async () => {
    const [h, , s] = sign().split('.');
    const forged = Buffer.from(JSON.stringify({ sub: admin.id, tid: globex.id, perms: ['*'], iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
    await expectRefused(`${h}.${forged}.${s}`);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expectRefused(sign({}, {}, other));
  });

  it('refuses an HS256 token', async () => {
    const token = jwt.sign({ sub: admin.id, tid: acme.id }, 'guessable', { algorithm: 'HS256', keyid: 'test-key', issuer: ISSUER, audience: AUDIENCE });
    await expectRefused(token);
  });
});

describe('anonymous callers and errors', () => {
  it('tells an anonymous caller to sign in, without leaking subgraph URLs', async () => {
    const res = await sg.request(`{ leads(first: 1) { totalCount } }`);
    expect(res.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost|http:/);
  });

  it('keeps FORBIDDEN distinct: a viewer cannot create a lead', async () => {
    const token = await sg.login('viewer@acme.test');
    const res = await sg.request(`mutation { createLead(input: { email: "v@example.com", name: "V" }) { lead { id } } }`, { token });
    expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('returns the request id it was given, and makes one otherwise', async () => {
    const given = await sg.request(`{ __typename }`, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-abc-123');
    const made = await sg.request(`{ __typename }`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('masks a failing subgraph: no URL, no stack, INTERNAL_SERVER_ERROR', async () => {
    const token = await sg.login('admin@acme.test');
    await sg.subgraphs.crm.stop();
    const res = await sg.request(`{ leads(first: 1) { totalCount } }`, { token });
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|stack|\.ts:/);
  });
});
