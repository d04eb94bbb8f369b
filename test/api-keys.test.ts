import { createHash, createPrivateKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { newId } from '@leadgraph/shared';
import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, globex, seedTestDemo } from './demo';
import { AUDIENCE, ISSUER, startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;

const acmeAdmin = acme.users.find((u) => u.role === 'admin')!;
const acmeViewer = acme.users.find((u) => u.role === 'viewer')!;
const globexAdmin = globex.users.find((u) => u.role === 'admin')!;

/** An access token as identity signs it; what it may do comes from identity, not from its claims. */
const tokenFor = (user: { id: string }, tenant: { id: string }) =>
  jwt.sign({ sub: user.id, tid: tenant.id, roles: [], perms: [] }, createPrivateKey(sg.privateKeyPem), {
    algorithm: 'ES256',
    keyid: 'test-key',
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: 300,
  });

const KEY_FIELDS = 'id name scopes prefix createdAt expiresAt lastUsedAt revokedAt rotatedFromId';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { ${KEY_FIELDS} } secret } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { ${KEY_FIELDS} } } }`;
const ROTATE = `mutation($id: ID!) { rotateApiKey(input: { id: $id }) { apiKey { ${KEY_FIELDS} } secret } }`;
const ME = `{ me { id email } }`;
const CREATE_LEAD = `mutation { createLead(input: { email: "partner@example.com", name: "From a partner" }) { lead { id } } }`;

type Created = { apiKey: Record<string, any>; secret: string };

async function createKey(input: Record<string, unknown>, token = tokenFor(acmeAdmin, acme)): Promise<Created> {
  const res = await sg.request(CREATE, { token, variables: { input } });
  if (!res.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(res.errors)}`);
  return res.data.createApiKey as Created;
}

/** A call with the key, as `Authorization: Bearer lg_...` or as `X-Api-Key: lg_...`. */
const withKey = (query: string, secret: string, form: 'bearer' | 'x-api-key' = 'bearer', variables?: Record<string, unknown>) =>
  sg.request(query, { variables, headers: form === 'bearer' ? { authorization: `Bearer ${secret}` } : { 'x-api-key': secret } });

const expectRefused = async (secret: string, message: string) => {
  for (const form of ['bearer', 'x-api-key'] as const) {
    const res = await withKey(ME, secret, form);
    expect({ status: res.status, error: res.errors?.[0] }).toEqual({
      status: 401,
      error: expect.objectContaining({ message, extensions: { code: 'UNAUTHENTICATED' } }),
    });
  }
};

const events = (type: string, keyId: string) =>
  sql<{ user_id: string; details: Record<string, unknown> }>(
    db.ownerUrl,
    `SELECT user_id, details FROM identity.security_events WHERE event_type = $1 AND details->>'apiKeyId' = $2`,
    [type, keyId],
  );

/** A user of `tenant` holding one role with exactly `permissions`. */
async function addUser(tenant: { id: string }, permissions: string[]) {
  const id = newId();
  const roleId = newId();
  await sql(db.ownerUrl, `INSERT INTO identity.users (id, tenant_id, email, password_hash, name) VALUES ($1, $2, $3, 'x', 'Partner Dev')`, [id, tenant.id, `${id}@acme.test`]);
  await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, 2, $4)`, [roleId, tenant.id, `role-${id}`, permissions]);
  await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenant.id, id, roleId]);
  return { id, roleId };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('creating a key as a tenant admin', () => {
  it('returns the secret once and stores only its SHA-256', async () => {
    const { apiKey, secret } = await createKey({ name: 'Partner CRM sync', scopes: ['identity.user.read', 'crm.lead.read'] });
    expect(secret).toMatch(/^lg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'Partner CRM sync',
      scopes: ['crm.lead.read', 'identity.user.read'],
      prefix: secret.slice(3, 11),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    const [row] = await sql<{ hash: string; everything: string }>(
      db.ownerUrl,
      `SELECT encode(key_hash, 'hex') AS hash, row_to_json(k)::text AS everything FROM identity.api_keys k WHERE id = $1`,
      [apiKey.id],
    );
    expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(row.everything).not.toContain(secret.slice(12));
    expect(await events('api_key_created', apiKey.id)).toEqual([expect.objectContaining({ user_id: acmeAdmin.id })]);
  });

  it('lets a key hold only permissions its creator holds (wildcards included)', async () => {
    expect((await createKey({ name: 'crm', scopes: ['crm.*'] })).apiKey.scopes).toEqual(['crm.*']);
    // The admin holds every domain, not `*` itself: a key for domains that do not exist yet is refused.
    const res = await sg.request(CREATE, { token: tokenFor(acmeAdmin, acme), variables: { input: { name: 'all', scopes: ['*'] } } });
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', required: ['*'] } });

    const dev = await addUser(acme, ['identity.apikey.write', 'crm.lead.read']);
    const refused = await sg.request(CREATE, { token: tokenFor(dev, acme), variables: { input: { name: 'x', scopes: ['crm.lead.read', 'crm.lead.write'] } } });
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', required: ['crm.lead.write'] } });
    expect((await createKey({ name: 'x', scopes: ['crm.lead.read'] }, tokenFor(dev, acme))).apiKey.scopes).toEqual(['crm.lead.read']);
  });

  it('refuses callers without identity.apikey.write or identity.apikey.read', async () => {
    const token = tokenFor(acmeViewer, acme);
    const create = await sg.request(CREATE, { token, variables: { input: { name: 'v', scopes: ['crm.lead.read'] } } });
    expect(create.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const list = await sg.request(`{ apiKeys { totalCount } }`, { token });
    expect(list.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('validates the input, naming the field', async () => {
    const bad = async (input: Record<string, unknown>) => {
      const res = await sg.request(CREATE, { token: tokenFor(acmeAdmin, acme), variables: { input } });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      return res.errors![0].extensions!;
    };
    expect((await bad({ name: 'x', scopes: [] })).fields).toEqual([expect.objectContaining({ path: 'scopes' })]);
    expect((await bad({ name: 'x', scopes: ['crm.lead.*'] })).fields).toEqual([expect.objectContaining({ path: 'scopes' })]);
    expect((await bad({ name: '   ', scopes: ['crm.lead.read'] })).fields).toEqual([expect.objectContaining({ path: 'name' })]);
    expect(await bad({ name: 'x', scopes: ['crm.lead.read'], expiresAt: new Date(Date.now() - 60_000).toISOString() })).toMatchObject({ field: 'expiresAt' });
  });
});

describe('listing keys', () => {
  it("shows a tenant admin every key of the tenant, never a secret or hash, and nothing of another tenant's", async () => {
    const dev = await addUser(acme, ['identity.apikey.write', 'crm.lead.read']);
    const mine = await createKey({ name: 'admin key', scopes: ['crm.lead.read'] });
    const theirs = await createKey({ name: 'dev key', scopes: ['crm.lead.read'] }, tokenFor(dev, acme));
    const globexKey = await createKey({ name: 'globex key', scopes: ['crm.lead.read'] }, tokenFor(globexAdmin, globex));

    const res = await sg.request(`{ apiKeys(first: 100) { totalCount edges { node { id name prefix owner { id } } } } }`, { token: tokenFor(acmeAdmin, acme) });
    const nodes = res.data!.apiKeys.edges.map((e: any) => e.node);
    const ids = nodes.map((n: any) => n.id);
    expect(ids).toEqual(expect.arrayContaining([mine.apiKey.id, theirs.apiKey.id]));
    expect(ids).not.toContain(globexKey.apiKey.id);
    expect(nodes.find((n: any) => n.id === theirs.apiKey.id).owner).toEqual({ id: dev.id });
    const text = JSON.stringify(res);
    for (const { secret } of [mine, theirs]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(createHash('sha256').update(secret).digest('hex'));
    }
    for (const field of ['secret', 'keyHash']) {
      const asked = await sg.request(`{ apiKeys { edges { node { ${field} } } } }`, { token: tokenFor(acmeAdmin, acme) });
      expect(asked.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }

    const onlyDev = await sg.request(`query($u: ID!) { apiKeys(filter: { userId: { eq: $u } }) { edges { node { id } } } }`, {
      token: tokenFor(acmeAdmin, acme),
      variables: { u: dev.id },
    });
    expect(onlyDev.data!.apiKeys.edges.map((e: any) => e.node.id)).toEqual([theirs.apiKey.id]);
  });
});

describe('calling the gateway with a key', () => {
  let key: Created;
  beforeAll(async () => {
    // A CRM key needs a data scope too (crm.data.view_all): without one it sees only its owner's records.
    key = await createKey({ name: 'reader', scopes: ['crm.lead.read', 'crm.data.view_all', 'identity.user.read'] });
  });

  it.each(['bearer', 'x-api-key'] as const)('works as the key owner with %s', async (form) => {
    const res = await withKey(`{ me { id email } leads(first: 1) { totalCount } users(first: 1) { totalCount } }`, key.secret, form);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ id: acmeAdmin.id, email: acmeAdmin.email });
    expect(res.data!.leads.totalCount).toBeGreaterThan(0);
  });

  it("grants exactly the key's scopes, not its owner's other permissions", async () => {
    const mutation = await withKey(CREATE_LEAD, key.secret);
    expect(mutation.status).toBe(200);
    expect(mutation.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const roles = await withKey(`{ roles { totalCount } }`, key.secret, 'x-api-key');
    expect(roles.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a key that may write keys make only narrower ones', async () => {
    const keyMaker = await createKey({ name: 'key maker', scopes: ['identity.apikey.write', 'crm.lead.read'] });
    const wider = await withKey(CREATE, keyMaker.secret, 'bearer', { input: { name: 'wider', scopes: ['crm.lead.write'] } });
    expect(wider.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', required: ['crm.lead.write'] });
    const narrower = await withKey(CREATE, keyMaker.secret, 'bearer', { input: { name: 'narrower', scopes: ['crm.lead.read'] } });
    expect(narrower.errors).toBeUndefined();
    expect((await withKey(ME, narrower.data!.createApiKey.secret)).data!.me.id).toBe(acmeAdmin.id);
  });

  it("follows its owner: a permission the owner loses, or the owner's deactivation, applies to the next call", async () => {
    const dev = await addUser(acme, ['identity.apikey.write', 'crm.lead.read', 'crm.lead.write']);
    const { secret } = await createKey({ name: 'writer', scopes: ['crm.lead.read', 'crm.lead.write'] }, tokenFor(dev, acme));
    expect((await withKey(CREATE_LEAD, secret)).errors).toBeUndefined();
    await sql(db.ownerUrl, `UPDATE identity.roles SET permissions = '{identity.apikey.write,crm.lead.read}' WHERE id = $1`, [dev.roleId]);
    expect((await withKey(CREATE_LEAD, secret)).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    await sql(db.ownerUrl, `UPDATE identity.users SET is_active = false WHERE id = $1`, [dev.id]);
    await expectRefused(secret, "This API key's owner is deactivated");
  });

  it('refuses malformed and unknown keys, and two credentials at once, with 401', async () => {
    await expectRefused('lg_not-a-key', 'Malformed API key');
    await expectRefused(`lg_00000000_${'A'.repeat(43)}`, 'Unknown API key');
    const notAKey = await sg.request(ME, { headers: { 'x-api-key': 'secret123' } });
    expect(notAKey.status).toBe(401);
    const both = await sg.request(ME, { token: tokenFor(acmeAdmin, acme), headers: { 'x-api-key': key.secret } });
    expect({ status: both.status, code: both.errors![0].extensions!.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('keeps last_used_at current', async () => {
    const fresh = await createKey({ name: 'usage', scopes: ['crm.lead.read'] });
    const lastUsed = async () => {
      const res = await sg.request(`query($prefix: String!) { apiKeys(filter: { prefix: { eq: $prefix } }) { edges { node { lastUsedAt } } } }`, {
        token: tokenFor(acmeAdmin, acme),
        variables: { prefix: fresh.apiKey.prefix },
      });
      return res.data!.apiKeys.edges[0].node.lastUsedAt as string | null;
    };
    expect(await lastUsed()).toBeNull();
    await withKey(ME, fresh.secret);
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('revoking and rotating', () => {
  it('refuses a revoked key at the next call, records the revocation, and is idempotent', async () => {
    const { apiKey, secret } = await createKey({ name: 'to revoke', scopes: ['crm.lead.read'] });
    expect((await withKey(ME, secret)).status).toBe(200);
    const res = await sg.request(REVOKE, { token: tokenFor(acmeAdmin, acme), variables: { id: apiKey.id } });
    const revokedAt = res.data!.revokeApiKey.apiKey.revokedAt;
    expect(Date.parse(revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    await expectRefused(secret, 'This API key was revoked');
    expect(await events('api_key_revoked', apiKey.id)).toEqual([expect.objectContaining({ user_id: acmeAdmin.id })]);

    const again = await sg.request(REVOKE, { token: tokenFor(acmeAdmin, acme), variables: { id: apiKey.id } });
    expect(again.data!.revokeApiKey.apiKey.revokedAt).toBe(revokedAt);
    expect(await events('api_key_revoked', apiKey.id)).toHaveLength(1);
  });

  it("answers NOT_FOUND for another tenant's key, a colleague's key and a malformed id, and leaves them working", async () => {
    const acmeKey = await createKey({ name: 'acme', scopes: ['crm.lead.read'] });
    const dev = await addUser(acme, ['identity.apikey.write', 'crm.lead.read']);
    for (const token of [tokenFor(globexAdmin, globex), tokenFor(dev, acme)]) {
      for (const mutation of [REVOKE, ROTATE]) {
        const res = await sg.request(mutation, { token, variables: { id: acmeKey.apiKey.id } });
        expect(res.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
      }
    }
    const malformed = await sg.request(REVOKE, { token: tokenFor(acmeAdmin, acme), variables: { id: 'nope' } });
    expect(malformed.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await withKey(ME, acmeKey.secret)).status).toBe(200);
  });

  it('rotates: the old secret is refused, the new one works with the same name, scopes and expiry', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const old = await createKey({ name: 'rotating', scopes: ['crm.lead.read'], expiresAt });
    const res = await sg.request(ROTATE, { token: tokenFor(acmeAdmin, acme), variables: { id: old.apiKey.id } });
    const rotated = res.data!.rotateApiKey as Created;
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.apiKey).toMatchObject({ name: 'rotating', scopes: ['crm.lead.read'], expiresAt, rotatedFromId: old.apiKey.id, revokedAt: null });
    expect(rotated.apiKey.id).not.toBe(old.apiKey.id);
    await expectRefused(old.secret, 'This API key was revoked');
    expect((await withKey(ME, rotated.secret, 'x-api-key')).data!.me.id).toBe(acmeAdmin.id);
    expect(await events('api_key_rotated', rotated.apiKey.id)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ previousApiKeyId: old.apiKey.id }) }),
    ]);

    const twice = await sg.request(ROTATE, { token: tokenFor(acmeAdmin, acme), variables: { id: old.apiKey.id } });
    expect(twice.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an expired key, and will not rotate it back to life', async () => {
    const { apiKey, secret } = await createKey({ name: 'short-lived', scopes: ['crm.lead.read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await withKey(ME, secret)).status).toBe(200);
    await sql(db.ownerUrl, `UPDATE identity.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [apiKey.id]);
    await expectRefused(secret, 'This API key has expired');
    const rotate = await sg.request(ROTATE, { token: tokenFor(acmeAdmin, acme), variables: { id: apiKey.id } });
    expect(rotate.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
  });
});
