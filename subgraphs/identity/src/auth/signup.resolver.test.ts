import jwt from 'jsonwebtoken';
import { ANONYMOUS, ROLE_PRESETS } from '@leadgraph/shared';
import { createTestDatabase, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { slugify } from './signup.service';
import { LOGIN, captureMail, ensureSigningKey } from './test-kit';

ensureSigningKey();
const mailbox = captureMail();
let db: TestDatabase;
let sg: TestSubgraph;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

const SIGN_UP = `mutation($input: SignUpInput!) {
  signUp(input: $input) { accessToken refreshToken user { id email emailVerified tenant { id name slug } roles { name } } }
}`;
const signUp = (input: Record<string, unknown>) => sg.request(SIGN_UP, { variables: { input }, principal: ANONYMOUS });
const PASSWORD = 'a long enough password';

describe('signUp', () => {
  it('creates the tenant, the preset roles and the first user as admin, and signs them in', async () => {
    const res = await signUp({ tenantName: 'Ünïcode Agency & Co.', email: 'founder@agency.test', password: PASSWORD, name: 'Fay Founder' });
    expect(res.errors).toBeUndefined();
    const { user, accessToken, refreshToken } = res.data!.signUp;
    expect(user).toMatchObject({ email: 'founder@agency.test', emailVerified: false, tenant: { name: 'Ünïcode Agency & Co.', slug: 'unicode-agency-co' }, roles: [{ name: 'admin' }] });
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jwt.decode(accessToken)).toMatchObject({ sub: user.id, tid: user.tenant.id, roles: ['admin'], perms: [...ROLE_PRESETS.admin.permissions].sort() });

    const roles = await sql<{ name: string; level: number }>(db.ownerUrl, 'SELECT name, level FROM identity.roles WHERE tenant_id = $1 ORDER BY level', [user.tenant.id]);
    expect(roles).toEqual(Object.values(ROLE_PRESETS).map((p) => ({ name: p.name, level: p.level })).sort((a, b) => a.level - b.level));
    expect(mailbox.lastTo('founder@agency.test')?.subject).toBe('Confirm your email address');

    const again = await sg.request(LOGIN, { variables: { input: { email: 'founder@agency.test', password: PASSWORD } }, principal: ANONYMOUS });
    expect(again.data!.login.user.id).toBe(user.id);
  });

  it('makes the slug unique when the name is taken', async () => {
    const first = await signUp({ tenantName: 'Twin', email: 'one@twin.test', password: PASSWORD, name: 'One' });
    const second = await signUp({ tenantName: 'Twin', email: 'two@twin.test', password: PASSWORD, name: 'Two' });
    expect(first.data!.signUp.user.tenant.slug).toBe('twin');
    expect(second.data!.signUp.user.tenant.slug).toMatch(/^twin-[0-9a-f]{6}$/);
  });

  it('refuses a short password, names the field and creates nothing', async () => {
    const before = await sql<{ n: string }>(db.ownerUrl, 'SELECT count(*) AS n FROM identity.tenants');
    const res = await signUp({ tenantName: 'Short', email: 'short@pw.test', password: 'too-short', name: 'S' });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'password' })] });
    const tooLong = await signUp({ tenantName: 'Long', email: 'long@pw.test', password: 'x'.repeat(201), name: 'L' });
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'password' })] });
    expect(await sql(db.ownerUrl, 'SELECT count(*) AS n FROM identity.tenants')).toEqual(before);
  });

  it('derives slugs the tenants check accepts', () => {
    expect(slugify('  --Acme GmbH--  ')).toBe('acme-gmbh');
    expect(slugify('日本')).toBe('tenant');
    expect(slugify('a'.repeat(80))).toHaveLength(60);
  });
});
