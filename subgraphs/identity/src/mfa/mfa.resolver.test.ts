import { ANONYMOUS, type Principal } from '@leadgraph/shared';
import { principalFor, sql, totp, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { LOGIN, TEST_PASSWORD, addUser, captureMail, ensureSigningKey, openIdentityTestbed } from '../auth/test-kit';
import { openSecret, sealSecret } from './secret-box';

ensureSigningKey();
captureMail();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
let close: () => Promise<void>;
beforeAll(async () => ({ db, sg, tenant, close } = await openIdentityTestbed('Mfa')));
afterAll(() => close?.());

const NEXT_STEP = () => Date.now() / 1000 + 30;

const ENROLL = `mutation { enrollMfa { secret otpauthUrl } }`;
const CONFIRM = `mutation($input: MfaCodeInput!) { confirmMfa(input: $input) { user { id mfaEnabled } } }`;
const DISABLE = `mutation($input: MfaCodeInput!) { disableMfa(input: $input) { user { id mfaEnabled } } }`;
const as = (userId: string): Principal => principalFor(tenant.id, [], userId);
const login = (email: string, mfaCode?: string) =>
  sg.request(LOGIN, { variables: { input: { email, password: TEST_PASSWORD, ...(mfaCode ? { mfaCode } : {}) } }, principal: ANONYMOUS });
const userRow = async (id: string) =>
  (await sql<{ mfa_enabled: boolean; mfa_secret_encrypted: string | null; failed_login_attempts: number }>(
    db.ownerUrl,
    'SELECT mfa_enabled, mfa_secret_encrypted, failed_login_attempts FROM identity.users WHERE id = $1',
    [id],
  ))[0];

/** Enrols and confirms MFA for a new user; returns the user id and the secret. */
async function userWithMfa(email: string): Promise<{ id: string; secret: string }> {
  const id = await addUser(db, tenant, email);
  const { secret } = (await sg.request(ENROLL, { principal: as(id) })).data!.enrollMfa;
  const confirmed = await sg.request(CONFIRM, { variables: { input: { code: totp(secret) } }, principal: as(id) });
  expect(confirmed.data!.confirmMfa.user.mfaEnabled).toBe(true);
  // The confirming code's step is used up: tests continue with the next step's code.
  return { id, secret };
}

describe('TOTP enrolment', () => {
  it('hands out a secret once and stores it only encrypted; MFA stays off until confirmed', async () => {
    const id = await addUser(db, tenant, 'enrol@mfa.test');
    const res = await sg.request(ENROLL, { principal: as(id) });
    const { secret, otpauthUrl } = res.data!.enrollMfa;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toBe(`otpauth://totp/leadgraph:enrol%40mfa.test?secret=${secret}&issuer=leadgraph`);
    const row = await userRow(id);
    expect(row.mfa_enabled).toBe(false);
    expect(row.mfa_secret_encrypted).toMatch(/^v1:/);
    expect(row.mfa_secret_encrypted).not.toContain(secret);
    expect((await login('enrol@mfa.test')).errors).toBeUndefined();
  });

  it('confirms with a right code only', async () => {
    const id = await addUser(db, tenant, 'confirm@mfa.test');
    const { secret } = (await sg.request(ENROLL, { principal: as(id) })).data!.enrollMfa;
    const wrong = await sg.request(CONFIRM, { variables: { input: { code: totp(secret, 1_000_000) } }, principal: as(id) });
    expect(wrong.errors![0]).toMatchObject({ message: 'Invalid MFA code', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await userRow(id)).mfa_enabled).toBe(false);
    const right = await sg.request(CONFIRM, { variables: { input: { code: totp(secret) } }, principal: as(id) });
    expect(right.data).toEqual({ confirmMfa: { user: { id, mfaEnabled: true } } });
  });

  it('asks an anonymous caller to sign in', async () => {
    expect((await sg.request(ENROLL, { principal: ANONYMOUS })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('binds the sealed secret to its user', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'user-a');
    expect(openSecret(sealed, 'user-a')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(() => openSecret(sealed, 'user-b')).toThrow();
  });
});

describe('login with MFA', () => {
  it('needs the code once enabled, accepts a right one once, and counts a wrong one as a failed attempt', async () => {
    const { id, secret } = await userWithMfa('login@mfa.test');

    const without = await login('login@mfa.test');
    expect(without.errors![0]).toMatchObject({ message: 'MFA code required', extensions: { code: 'UNAUTHENTICATED' } });
    expect((await userRow(id)).failed_login_attempts).toBe(0);

    const code = totp(secret, NEXT_STEP());
    const withCode = await login('login@mfa.test', code);
    expect(withCode.errors).toBeUndefined();
    expect(withCode.data!.login.user.id).toBe(id);
    // The same code a second time is a replay.
    expect((await login('login@mfa.test', code)).errors![0]).toMatchObject({ message: 'Invalid MFA code', extensions: { code: 'UNAUTHENTICATED' } });

    const wrong = await login('login@mfa.test', totp(secret, 1_000_000));
    expect(wrong.errors![0]).toMatchObject({ message: 'Invalid MFA code', extensions: { code: 'UNAUTHENTICATED' } });
    expect((await userRow(id)).failed_login_attempts).toBe(2);
    const events = await sql<{ event_type: string }>(db.ownerUrl, `SELECT event_type FROM identity.security_events WHERE user_id = $1 AND event_type = 'mfa_failed'`, [id]);
    expect(events).toHaveLength(2);
  });

  it('locks the account after five wrong codes', async () => {
    const { id, secret } = await userWithMfa('brute@mfa.test');
    for (let i = 0; i < 5; i++) await login('brute@mfa.test', String(100000 + i));
    const right = await login('brute@mfa.test', totp(secret, NEXT_STEP()));
    expect(right.errors![0]).toMatchObject({ message: 'Invalid email or password' });
    expect((await sql(db.ownerUrl, `SELECT 1 FROM identity.users WHERE id = $1 AND locked_until > now()`, [id])).length).toBe(1);
  });
});

describe('disableMfa', () => {
  it('needs a right code, counts a wrong one, and turns MFA off', async () => {
    const { id, secret } = await userWithMfa('disable@mfa.test');
    const wrong = await sg.request(DISABLE, { variables: { input: { code: totp(secret, 1_000_000) } }, principal: as(id) });
    expect(wrong.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((await userRow(id)).failed_login_attempts).toBe(1);

    const right = await sg.request(DISABLE, { variables: { input: { code: totp(secret, NEXT_STEP()) } }, principal: as(id) });
    expect(right.data).toEqual({ disableMfa: { user: { id, mfaEnabled: false } } });
    expect(await userRow(id)).toMatchObject({ mfa_enabled: false, mfa_secret_encrypted: null });
    expect((await login('disable@mfa.test')).errors).toBeUndefined();
  });

  it('is refused while the account is locked', async () => {
    const { id, secret } = await userWithMfa('locked@mfa.test');
    await sql(db.ownerUrl, `UPDATE identity.users SET locked_until = now() + interval '5 minutes' WHERE id = $1`, [id]);
    const res = await sg.request(DISABLE, { variables: { input: { code: totp(secret, NEXT_STEP()) } }, principal: as(id) });
    expect(res.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
  });
});
