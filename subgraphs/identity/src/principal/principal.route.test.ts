import { mintInternalToken, newId, type Principal } from '@leadgraph/shared';
import { TEST_INTERNAL_SECRET, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { newApiKeySecret } from '../api-key/api-key.service';
import { intersectPermissions } from './permission-set';

let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;

const GATEWAY: Principal = { kind: 'service', userId: null, tenantId: null, roles: [], permissions: ['identity.principal.resolve'] };

async function ask(body: unknown, caller: Principal | null = GATEWAY) {
  const res = await fetch(sg.url.replace('/graphql', '/internal/principal'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(caller ? { 'x-internal-token': mintInternalToken(caller, { secret: TEST_INTERNAL_SECRET, audience: 'identity' }) } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function addUser(tenant: TestTenant, opts: { permissions?: string[]; managerId?: string; active?: boolean } = {}) {
  const id = newId();
  const roleId = newId();
  await sql(db.ownerUrl, `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, manager_id, is_active) VALUES ($1, $2, $3, 'x', 'U', $4, $5)`, [
    id, tenant.id, `${id}@example.test`, opts.managerId ?? null, opts.active ?? true,
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, 2, $4)`, [
    roleId, tenant.id, `role-${id}`, opts.permissions ?? ['crm.lead.read'],
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenant.id, id, roleId]);
  return id;
}

async function addKey(tenant: TestTenant, userId: string, scopes: string[], opts: { expiresAt?: Date; revokedAt?: Date } = {}) {
  const { secret, prefix, keyHash } = newApiKeySecret();
  const id = newId();
  await sql(db.ownerUrl, `INSERT INTO identity.api_keys (id, tenant_id, user_id, name, prefix, key_hash, scopes, expires_at, revoked_at) VALUES ($1, $2, $3, 'k', $4, $5, $6, $7, $8)`, [
    id, tenant.id, userId, prefix, keyHash, scopes, opts.expiresAt ?? null, opts.revokedAt ?? null,
  ]);
  return { id, secret };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'A');
  b = await createTenant(db, 'B');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('who may ask', () => {
  it('answers only the gateway: no token is 401, a user token (even an admin one) is 403', async () => {
    const userId = await addUser(a);
    expect(await ask({ userId, tenantId: a.id }, null)).toMatchObject({ status: 401, body: { error: { code: 'INVALID_INTERNAL_TOKEN' } } });
    const admin = principalFor(a.id, ['*'], userId);
    expect(await ask({ userId, tenantId: a.id }, admin)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await ask({ userId, tenantId: a.id })).toMatchObject({ status: 200 });
  });

  it('refuses a body that is neither { apiKey } nor { userId, tenantId }', async () => {
    for (const body of [{}, { apiKey: 1 }, { userId: 'x' }, { apiKey: 'lg_x', userId: 'y', tenantId: 'z' }]) {
      expect((await ask(body)).status).toBe(400);
    }
  });
});

describe('a user behind an access token', () => {
  it("answers the user's current roles, permissions and whole team (direct and indirect, cycles ignored)", async () => {
    const boss = await addUser(a, { permissions: ['crm.lead.read', 'crm.data.view_team'] });
    const lead = await addUser(a, { managerId: boss });
    const member = await addUser(a, { managerId: lead });
    await addUser(a); // not in the team
    // A cycle (boss reports to member) must not loop, nor put the boss in his own team.
    await sql(db.ownerUrl, `UPDATE identity.users SET manager_id = $1 WHERE id = $2`, [member, boss]);
    const { status, body } = await ask({ userId: boss, tenantId: a.id });
    expect(status).toBe(200);
    expect(body.principal).toMatchObject({
      kind: 'user',
      userId: boss,
      tenantId: a.id,
      roles: [`role-${boss}`],
      permissions: ['crm.data.view_team', 'crm.lead.read'],
      apiKeyId: null,
    });
    expect([...body.principal.teamUserIds].sort()).toEqual([lead, member].sort());

    await sql(db.ownerUrl, `UPDATE identity.roles SET permissions = '{crm.lead.write}' WHERE name = $1`, [`role-${boss}`]);
    expect((await ask({ userId: boss, tenantId: a.id })).body.principal.permissions).toEqual(['crm.lead.write']);
  });

  it('refuses a deactivated user, a suspended tenant, an unknown user and a user named with another tenant', async () => {
    const off = await addUser(a, { active: false });
    expect(await ask({ userId: off, tenantId: a.id })).toEqual({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'This user is deactivated' } } });
    expect((await ask({ userId: newId(), tenantId: a.id })).status).toBe(401);
    expect((await ask({ userId: 'not-a-uuid', tenantId: a.id })).status).toBe(401);
    const inB = await addUser(b);
    expect((await ask({ userId: inB, tenantId: a.id })).status).toBe(401);

    await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = false WHERE id = $1`, [b.id]);
    try {
      expect((await ask({ userId: inB, tenantId: b.id })).body.error.message).toBe('This tenant is suspended');
    } finally {
      await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = true WHERE id = $1`, [b.id]);
    }
    expect((await ask({ userId: inB, tenantId: b.id })).status).toBe(200);
  });
});

describe('an API key', () => {
  it("answers the owner with the key's scopes narrowed to the owner's current permissions, keeping the owner's data scope", async () => {
    const owner = await addUser(a, { permissions: ['crm.*', 'identity.user.read'] });
    const key = await addKey(a, owner, ['crm.lead.read', 'identity.*', 'billing.tier.read']);
    const { status, body } = await ask({ apiKey: key.secret });
    expect(status).toBe(200);
    expect(body.principal).toMatchObject({
      kind: 'api_key',
      userId: owner,
      tenantId: a.id,
      apiKeyId: key.id,
      roles: [`role-${owner}`],
      // `crm.*` grants the owner the `all` data scope; the key sees the rows its owner sees.
      permissions: ['crm.data.view_all', 'crm.lead.read', 'identity.user.read'],
    });
  });

  it('refuses unknown, malformed, revoked and expired keys, and keys of deactivated owners or suspended tenants', async () => {
    const owner = await addUser(b);
    const refusal = async (apiKey: string) => {
      const res = await ask({ apiKey });
      expect(res.status).toBe(401);
      return res.body.error.message;
    };
    expect(await refusal(newApiKeySecret().secret)).toBe('Unknown API key');
    expect(await refusal('lg_short')).toBe('Malformed API key');
    expect(await refusal((await addKey(b, owner, ['crm.lead.read'], { revokedAt: new Date() })).secret)).toBe('This API key was revoked');
    expect(await refusal((await addKey(b, owner, ['crm.lead.read'], { expiresAt: new Date(Date.now() - 1000) })).secret)).toBe('This API key has expired');

    const live = await addKey(b, owner, ['crm.lead.read'], { expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await ask({ apiKey: live.secret })).status).toBe(200);
    await sql(db.ownerUrl, `UPDATE identity.users SET is_active = false WHERE id = $1`, [owner]);
    expect(await refusal(live.secret)).toBe("This API key's owner is deactivated");
    await sql(db.ownerUrl, `UPDATE identity.users SET is_active = true WHERE id = $1`, [owner]);
    await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = false WHERE id = $1`, [b.id]);
    try {
      expect(await refusal(live.secret)).toBe('This tenant is suspended');
    } finally {
      await sql(db.ownerUrl, `UPDATE identity.tenants SET is_active = true WHERE id = $1`, [b.id]);
    }
  });

  it('keeps last_used_at current, writing at most once a minute', async () => {
    const owner = await addUser(a);
    const key = await addKey(a, owner, ['crm.lead.read']);
    const lastUsed = async () => (await sql<{ at: Date | null }>(db.ownerUrl, `SELECT last_used_at AS at FROM identity.api_keys WHERE id = $1`, [key.id]))[0].at;
    expect(await lastUsed()).toBeNull();
    await ask({ apiKey: key.secret });
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await ask({ apiKey: key.secret });
    expect(await lastUsed()).toEqual(first);
    await sql(db.ownerUrl, `UPDATE identity.api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [key.id]);
    const stale = await lastUsed();
    await ask({ apiKey: key.secret });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(stale!.getTime());
  });
});

describe('intersecting scopes with permissions', () => {
  it.each([
    [['crm.lead.read'], ['crm.*'], ['crm.lead.read']],
    [['crm.*'], ['crm.lead.read', 'identity.user.read'], ['crm.lead.read']],
    [['*'], ['crm.lead.read', 'billing.*'], ['billing.*', 'crm.lead.read']],
    [['crm.*'], ['*'], ['crm.*']],
    [['crm.lead.write'], ['crm.lead.read'], []],
    [['crm.*'], ['crmx.lead.read'], []],
  ])('%j ∩ %j = %j', (scopes, held, expected) => {
    expect(intersectPermissions(scopes, held)).toEqual(expected);
  });
});
