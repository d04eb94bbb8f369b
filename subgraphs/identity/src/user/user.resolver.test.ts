import { generateKeyPairSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { ANONYMOUS, newId } from '@leadgraph/shared';
import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';

process.env.ACCESS_TOKEN_PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
const users: Record<string, string> = {};
const PASSWORD = 'correct horse battery';

async function addUser(tenant: TestTenant, email: string, opts: { active?: boolean; permissions?: string[] } = {}) {
  const id = newId();
  const roleId = newId();
  await sql(db.ownerUrl, `INSERT INTO identity.users (id, tenant_id, email, password_hash, name, is_active) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id, tenant.id, email, await bcrypt.hash(PASSWORD, 4), email.split('@')[0], opts.active ?? true,
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, $3, 2, $4)`, [
    roleId, tenant.id, `role-${id.slice(-6)}`, opts.permissions ?? ['crm.lead.read'],
  ]);
  await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)`, [tenant.id, id, roleId]);
  return id;
}

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken expiresIn user { id email } } }`;
/** Login as the gateway forwards it for a caller without a token. */
const login = (input: Record<string, unknown>) => sg.request(LOGIN, { variables: { input }, principal: ANONYMOUS });

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'A');
  b = await createTenant(db, 'B');
  users.a = await addUser(a, 'ann@a.test', { permissions: ['crm.lead.read', 'crm.lead.write'] });
  users.b = await addUser(b, 'bob@b.test');
  users.shared = await addUser(a, 'same@both.test');
  await addUser(b, 'same@both.test');
  users.disabled = await addUser(a, 'off@a.test', { active: false });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('user, tenant and role isolation', () => {
  const asA = () => principalFor(a.id, ['identity.*'], users.a);

  it("returns null for another tenant's user by id, like a missing one", async () => {
    const q = `query($id: ID!) { user(id: $id) { id email } }`;
    const other = await sg.request(q, { variables: { id: users.b }, principal: asA() });
    const missing = await sg.request(q, { variables: { id: newId() }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ user: null });
  });

  it('lists only users of the caller tenant', async () => {
    const res = await sg.request(`{ users(first: 50) { totalCount edges { node { email tenant { id } } } } }`, { principal: asA() });
    const emails = res.data!.users.edges.map((e: any) => e.node.email).sort();
    expect(emails).toEqual(['ann@a.test', 'off@a.test', 'same@both.test']);
    expect(new Set(res.data!.users.edges.map((e: any) => e.node.tenant.id))).toEqual(new Set([a.id]));
  });

  it('resolves no User, Tenant or Role reference of another tenant', async () => {
    const [bRole] = await sql<{ id: string }>(db.ownerUrl, `SELECT id FROM identity.roles WHERE tenant_id = $1 LIMIT 1`, [b.id]);
    const res = await sg.request(ENTITIES_QUERY('... on User { id email } ... on Tenant { id name } ... on Role { id name }'), {
      variables: {
        representations: [
          { __typename: 'User', id: users.b },
          { __typename: 'Tenant', id: b.id },
          { __typename: 'Role', id: bRole.id },
          { __typename: 'User', id: users.a },
        ],
      },
      principal: asA(),
    });
    expect(res.data!._entities).toEqual([null, null, null, { id: users.a, email: 'ann@a.test' }]);
  });

  it('answers me with the caller and their own tenant', async () => {
    const res = await sg.request(`{ me { email tenant { id } roles { permissions } } }`, { principal: asA() });
    expect(res.data!.me).toEqual({ email: 'ann@a.test', tenant: { id: a.id }, roles: [{ permissions: ['crm.lead.read', 'crm.lead.write'] }] });
  });

  it('gives every user their roles when several users share one role', async () => {
    const [shared] = await sql<{ id: string }>(db.ownerUrl, `SELECT role_id AS id FROM identity.user_roles WHERE user_id = $1`, [users.a]);
    await sql(db.ownerUrl, `INSERT INTO identity.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3), ($1, $4, $3)`, [a.id, users.shared, shared.id, users.disabled]);
    const res = await sg.request(`{ users(first: 10, orderBy: [{ field: EMAIL }]) { edges { node { email roles { id } } } } }`, { principal: asA() });
    const byEmail = Object.fromEntries(res.data!.users.edges.map((e: any) => [e.node.email, e.node.roles.map((r: any) => r.id)]));
    expect(byEmail['ann@a.test']).toEqual([shared.id]);
    expect(byEmail['same@both.test']).toContain(shared.id);
    expect(byEmail['off@a.test']).toContain(shared.id);
  });

  it('refuses users to a principal without identity.user.read', async () => {
    const res = await sg.request(`{ users { totalCount } }`, { principal: principalFor(a.id, ['crm.lead.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('login', () => {
  it('issues an ES256 token with the tenant, roles and permissions', async () => {
    const res = await login({ email: 'ANN@a.test', password: PASSWORD });
    expect(res.errors).toBeUndefined();
    const claims = jwt.decode(res.data!.login.accessToken, { complete: true })!;
    expect(claims.header).toMatchObject({ alg: 'ES256', kid: 'leadgraph-1' });
    expect(claims.payload).toMatchObject({ sub: users.a, tid: a.id, perms: ['crm.lead.read', 'crm.lead.write'], aud: 'leadgraph-api', iss: 'leadgraph' });
    const [row] = await sql<{ last_login_at: Date | null }>(db.ownerUrl, 'SELECT last_login_at FROM identity.users WHERE id = $1', [users.a]);
    expect(row.last_login_at).not.toBeNull();
  });

  it('asks for the tenant when an email belongs to several, and uses it when given', async () => {
    const ambiguous = await login({ email: 'same@both.test', password: PASSWORD });
    expect(ambiguous.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const chosen = await login({ email: 'same@both.test', password: PASSWORD, tenant: a.slug });
    expect(chosen.data!.login.user.id).toBe(users.shared);
  });

  it('refuses a disabled user even with the right password', async () => {
    const res = await login({ email: 'off@a.test', password: PASSWORD });
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('validates the input with a message that names the field', async () => {
    const res = await login({ email: 'not-an-email', password: 'x' });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'email', message: 'email must be an email' }] });
    expect(res.errors![0].message).toMatch(/^Invalid input: .*email/);
  });

  it('serves the public key as a JWKS', async () => {
    const res = await fetch(sg.url.replace('/graphql', '/.well-known/jwks.json'));
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'leadgraph-1', alg: 'ES256', use: 'sig' });
    expect(keys[0].d).toBeUndefined();
  });
});
