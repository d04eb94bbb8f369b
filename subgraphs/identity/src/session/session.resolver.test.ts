import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, sql, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { LOGIN, LOGOUT, REFRESH, TEST_PASSWORD, addUser, captureMail, ensureSigningKey, openIdentityTestbed } from '../auth/test-kit';

ensureSigningKey();
captureMail();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
let close: () => Promise<void>;
beforeAll(async () => ({ db, sg, tenant, close } = await openIdentityTestbed('Sessions')));
afterAll(() => close?.());

const anonymous = (query: string, input: Record<string, unknown>) => sg.request(query, { variables: { input }, principal: ANONYMOUS });
const login = async (email: string) => {
  const res = await anonymous(LOGIN, { email, password: TEST_PASSWORD });
  if (!res.data?.login) throw new Error(JSON.stringify(res.errors));
  return res.data.login as { accessToken: string; refreshToken: string; refreshTokenExpiresAt: string; user: { id: string } };
};
const refresh = (refreshToken: string) => anonymous(REFRESH, { refreshToken });
const sha256 = (token: string) => createHash('sha256').update(token).digest();
const rowOf = async (token: string) =>
  (await sql<{ id: string; family_id: string; rotated_at: Date | null; replaced_by: string | null; revoked_at: Date | null; revoked_reason: string | null }>(
    db.ownerUrl,
    'SELECT id, family_id, rotated_at, replaced_by, revoked_at, revoked_reason FROM identity.refresh_tokens WHERE token_hash = $1',
    [sha256(token)],
  ))[0];
const refused = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, message = 'Invalid refresh token') =>
  expect(res.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'UNAUTHENTICATED' } })]);

describe('refresh tokens', () => {
  it('come with a login as 256 random bits, and only their sha256 is stored', async () => {
    await addUser(db, tenant, 'stored@sessions.test');
    const session = await login('stored@sessions.test');
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(session.refreshTokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await rowOf(session.refreshToken)).toBeDefined();
    const [{ n }] = await sql<{ n: string }>(db.ownerUrl, `SELECT count(*) AS n FROM identity.refresh_tokens WHERE position(convert_to($1, 'UTF8') IN token_hash) > 0`, [session.refreshToken]);
    expect(Number(n)).toBe(0);
  });

  it('rotate: a refresh answers a new pair and the old token is marked replaced', async () => {
    const id = await addUser(db, tenant, 'rotate@sessions.test', { permissions: ['crm.lead.read', 'crm.lead.write'] });
    const first = await login('rotate@sessions.test');
    const res = await refresh(first.refreshToken);
    expect(res.errors).toBeUndefined();
    const second = res.data!.refreshToken;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(jwt.decode(second.accessToken)).toMatchObject({ sub: id, tid: tenant.id, perms: ['crm.lead.read', 'crm.lead.write'] });

    const [old, fresh] = [await rowOf(first.refreshToken), await rowOf(second.refreshToken)];
    expect(old.rotated_at).not.toBeNull();
    expect(old.replaced_by).toBe(fresh.id);
    expect(fresh.family_id).toBe(old.family_id);
    expect(fresh.rotated_at).toBeNull();
  });

  it('reuse: presenting a rotated token revokes the whole family, the newest token included', async () => {
    const id = await addUser(db, tenant, 'reuse@sessions.test');
    const a = await login('reuse@sessions.test');
    const other = await login('reuse@sessions.test'); // another device: another family
    const b = (await refresh(a.refreshToken)).data!.refreshToken;
    const c = (await refresh(b.refreshToken)).data!.refreshToken;

    refused(await refresh(a.refreshToken));
    refused(await refresh(c.refreshToken));
    for (const token of [a, b, c]) expect(await rowOf(token.refreshToken)).toMatchObject({ revoked_reason: 'reuse' });

    const [event] = await sql<{ severity: string; details: { familyId: string } }>(
      db.ownerUrl,
      `SELECT severity, details FROM identity.security_events WHERE user_id = $1 AND event_type = 'refresh_token_reused'`,
      [id],
    );
    expect(event).toEqual({ severity: 'high', details: expect.objectContaining({ familyId: (await rowOf(a.refreshToken)).family_id }) });
    // The other device's session is untouched.
    expect((await refresh(other.refreshToken)).errors).toBeUndefined();
  });

  it('refuses an expired refresh token, and an unknown one', async () => {
    await addUser(db, tenant, 'expired@sessions.test');
    const session = await login('expired@sessions.test');
    await sql(db.ownerUrl, `UPDATE identity.refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(session.refreshToken)]);
    refused(await refresh(session.refreshToken), 'Refresh token expired');
    refused(await refresh('not-a-token-we-ever-issued'));
  });

  it("refuses a deactivated user's refresh token, and an inactive tenant's", async () => {
    const id = await addUser(db, tenant, 'deactivated@sessions.test');
    const session = await login('deactivated@sessions.test');
    await sql(db.ownerUrl, 'UPDATE identity.users SET is_active = false WHERE id = $1', [id]);
    refused(await refresh(session.refreshToken), 'This account is disabled');

    const suspended = await createTenant(db, 'Suspended');
    await addUser(db, suspended, 'member@suspended.test');
    const member = await login('member@suspended.test');
    await sql(db.ownerUrl, 'UPDATE identity.tenants SET is_active = false WHERE id = $1', [suspended.id]);
    refused(await refresh(member.refreshToken), 'This account is disabled');
  });
});

describe('logout', () => {
  it('ends the session of the token, answers ok again, and ok for an unknown token', async () => {
    await addUser(db, tenant, 'logout@sessions.test');
    const first = await login('logout@sessions.test');
    const second = (await refresh(first.refreshToken)).data!.refreshToken;
    const res = await anonymous(LOGOUT, { refreshToken: second.refreshToken });
    expect(res).toMatchObject({ data: { logout: { ok: true } } });
    expect(await rowOf(second.refreshToken)).toMatchObject({ revoked_reason: 'logout' });
    refused(await refresh(second.refreshToken));

    expect((await anonymous(LOGOUT, { refreshToken: second.refreshToken })).data).toEqual({ logout: { ok: true } });
    expect((await anonymous(LOGOUT, { refreshToken: 'unknown' })).data).toEqual({ logout: { ok: true } });
  });
});
