import { ANONYMOUS, type Principal } from '@leadgraph/shared';
import { principalFor, sql, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { addUser, captureMail, ensureSigningKey, tokenIn, openIdentityTestbed } from './test-kit';

ensureSigningKey();
const mailbox = captureMail();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
let close: () => Promise<void>;
beforeAll(async () => ({ db, sg, tenant, close } = await openIdentityTestbed('Verify')));
afterAll(() => close?.());

const REQUEST = `mutation { requestEmailVerification { ok } }`;
const VERIFY = `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { ok } }`;
const verify = (token: string) => sg.request(VERIFY, { variables: { input: { token } }, principal: ANONYMOUS });
const verified = async (id: string) => (await sql<{ email_verified: boolean }>(db.ownerUrl, 'SELECT email_verified FROM identity.users WHERE id = $1', [id]))[0].email_verified;
const as = (userId: string): Principal => principalFor(tenant.id, [], userId);

async function requestToken(userId: string, email: string): Promise<string> {
  expect((await sg.request(REQUEST, { principal: as(userId) })).data).toEqual({ requestEmailVerification: { ok: true } });
  return tokenIn(mailbox.lastTo(email));
}

describe('email verification', () => {
  it('verifies the email with the mailed token, once', async () => {
    const id = await addUser(db, tenant, 'new@verify.test');
    const token = await requestToken(id, 'new@verify.test');
    expect(await verified(id)).toBe(false);
    expect((await verify(token)).data).toEqual({ verifyEmail: { ok: true } });
    expect(await verified(id)).toBe(true);
    expect((await verify(token)).errors![0]).toMatchObject({ message: 'Invalid or expired token', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses an expired token', async () => {
    const id = await addUser(db, tenant, 'late@verify.test');
    const token = await requestToken(id, 'late@verify.test');
    await sql(db.ownerUrl, `UPDATE identity.email_verification_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [id]);
    expect((await verify(token)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await verified(id)).toBe(false);
  });

  it('refuses a token sent to an address the user no longer has', async () => {
    const id = await addUser(db, tenant, 'old@verify.test');
    const token = await requestToken(id, 'old@verify.test');
    await sql(db.ownerUrl, `UPDATE identity.users SET email = 'changed@verify.test' WHERE id = $1`, [id]);
    expect((await verify(token)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await verified(id)).toBe(false);
  });

  it('sends nothing to a verified email', async () => {
    const id = await addUser(db, tenant, 'done@verify.test');
    await sql(db.ownerUrl, 'UPDATE identity.users SET email_verified = true WHERE id = $1', [id]);
    const before = mailbox.sent.length;
    expect((await sg.request(REQUEST, { principal: as(id) })).data).toEqual({ requestEmailVerification: { ok: true } });
    expect(mailbox.sent.length).toBe(before);
  });

  it('asks an anonymous caller to sign in, and refuses an API key', async () => {
    expect((await sg.request(REQUEST, { principal: ANONYMOUS })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const id = await addUser(db, tenant, 'keyholder@verify.test');
    const apiKey: Principal = { ...as(id), kind: 'api_key', apiKeyId: '00000000-0000-7000-8000-000000000000' };
    expect((await sg.request(REQUEST, { principal: apiKey })).errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
