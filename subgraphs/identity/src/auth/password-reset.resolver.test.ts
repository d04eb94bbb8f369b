import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, sql, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { LOGIN, REFRESH, TEST_PASSWORD, addUser, captureMail, ensureSigningKey, tokenIn, openIdentityTestbed } from './test-kit';

ensureSigningKey();
const mailbox = captureMail();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
let close: () => Promise<void>;
beforeAll(async () => ({ db, sg, tenant, close } = await openIdentityTestbed('Reset')));
afterAll(() => close?.());

const REQUEST = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`;
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok } }`;
const NEW_PASSWORD = 'a brand new password';
const anonymous = (query: string, input: Record<string, unknown>) => sg.request(query, { variables: { input }, principal: ANONYMOUS });
const login = (email: string, password: string) => anonymous(LOGIN, { email, password });

/** Asks for a reset and returns the token from the mail. */
async function resetTokenFor(email: string): Promise<string> {
  const before = mailbox.sent.length;
  expect((await anonymous(REQUEST, { email })).data).toEqual({ requestPasswordReset: { ok: true } });
  expect(mailbox.sent.length).toBe(before + 1);
  return tokenIn(mailbox.lastTo(email));
}
const invalidToken = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
  expect(res.errors).toEqual([expect.objectContaining({ message: 'Invalid or expired token', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);

describe('password reset', () => {
  it('sets a new password with a mailed token, once; ends sessions and lifts a lockout', async () => {
    const id = await addUser(db, tenant, 'forgetful@reset.test');
    const session = (await login('forgetful@reset.test', TEST_PASSWORD)).data!.login;
    await sql(db.ownerUrl, `UPDATE identity.users SET failed_login_attempts = 5, locked_until = now() + interval '10 minutes' WHERE id = $1`, [id]);

    const token = await resetTokenFor('forgetful@reset.test');
    expect(await anonymous(RESET, { token, newPassword: NEW_PASSWORD })).toMatchObject({ data: { resetPassword: { ok: true } } });

    expect((await login('forgetful@reset.test', TEST_PASSWORD)).errors![0].message).toBe('Invalid email or password');
    expect((await login('forgetful@reset.test', NEW_PASSWORD)).data!.login.user.id).toBe(id);
    expect((await anonymous(REFRESH, { refreshToken: session.refreshToken })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const [event] = await sql(db.ownerUrl, `SELECT details FROM identity.security_events WHERE user_id = $1 AND event_type = 'password_changed'`, [id]);
    expect(event).toEqual({ details: { via: 'password_reset' } });

    invalidToken(await anonymous(RESET, { token, newPassword: 'yet another password' }));
    expect((await login('forgetful@reset.test', NEW_PASSWORD)).errors).toBeUndefined();
  });

  it('refuses an expired token and leaves the password alone', async () => {
    const id = await addUser(db, tenant, 'slow@reset.test');
    const token = await resetTokenFor('slow@reset.test');
    await sql(db.ownerUrl, `UPDATE identity.password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [id]);
    invalidToken(await anonymous(RESET, { token, newPassword: NEW_PASSWORD }));
    expect((await login('slow@reset.test', TEST_PASSWORD)).errors).toBeUndefined();
  });

  it('refuses a made-up token', async () => {
    invalidToken(await anonymous(RESET, { token: 'made-up', newPassword: NEW_PASSWORD }));
  });

  it('keeps the token usable when the new password is refused by the policy', async () => {
    await addUser(db, tenant, 'weak@reset.test');
    const token = await resetTokenFor('weak@reset.test');
    const weak = await anonymous(RESET, { token, newPassword: 'short' });
    expect(weak.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'newPassword' })] });
    expect((await anonymous(RESET, { token, newPassword: NEW_PASSWORD })).errors).toBeUndefined();
  });

  it('answers an unknown email exactly like a known one, and mails nobody', async () => {
    await addUser(db, tenant, 'known@reset.test');
    const known = await anonymous(REQUEST, { email: 'known@reset.test' });
    const before = mailbox.sent.length;
    const unknown = await anonymous(REQUEST, { email: 'unknown@reset.test' });
    expect(unknown).toEqual(known);
    expect(mailbox.sent.length).toBe(before);
  });

  it('mails every tenant account of an email, and only the named tenant when given', async () => {
    const other = await createTenant(db, 'Other');
    await addUser(db, tenant, 'twice@reset.test');
    await addUser(db, other, 'twice@reset.test');
    const before = mailbox.sent.length;
    await anonymous(REQUEST, { email: 'twice@reset.test' });
    expect(mailbox.sent.slice(before).map((m) => m.text.match(/"(.+)" tenant/)![1]).sort()).toEqual([tenant.slug, other.slug].sort());
    await anonymous(REQUEST, { email: 'twice@reset.test', tenant: other.slug });
    expect(mailbox.sent.length).toBe(before + 3);
  });

  it('stores only a hash of the token', async () => {
    await addUser(db, tenant, 'hashed@reset.test');
    const token = await resetTokenFor('hashed@reset.test');
    const rows = await sql<{ token_hash: Buffer }>(db.ownerUrl, 'SELECT token_hash FROM identity.password_reset_tokens');
    expect(rows.every((r) => r.token_hash.length === 32 && !r.token_hash.toString('latin1').includes(token))).toBe(true);
  });
});
