import { createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { MemoryMailer, setMailer } from '@leadgraph/identity';
import { seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
const mailbox = new MemoryMailer();

beforeAll(async () => {
  setMailer(mailbox);
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id email tenant { id slug } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }`;
const LOGOUT = `mutation($input: LogoutInput!) { logout(input: $input) { ok } }`;
const PASSWORD = 'a long enough password';
const tokenIn = (text: string | undefined) => text?.match(/^Token: (\S+)$/m)?.[1] ?? '';

describe('sign-in flows through the gateway', () => {
  it('signs up a tenant whose admin can then create and list a lead', async () => {
    const signedUp = await sg.request(SIGN_UP, { variables: { input: { tenantName: 'Gateway Startup', email: 'founder@startup.test', password: PASSWORD, name: 'Founder' } } });
    expect(signedUp.errors).toBeUndefined();
    const { accessToken, user } = signedUp.data!.signUp;

    const me = await sg.request(`{ me { email tenant { slug } roles { name } } }`, { token: accessToken });
    expect(me.data!.me).toEqual({ email: 'founder@startup.test', tenant: { slug: user.tenant.slug }, roles: [{ name: 'admin' }] });

    const created = await sg.request(`mutation { createLead(input: { email: "first@lead.test", name: "First Lead" }) { lead { id } } }`, { token: accessToken });
    expect(created.errors).toBeUndefined();
    const leads = await sg.request(`{ leads(first: 5) { totalCount edges { node { email } } } }`, { token: accessToken });
    expect(leads.data!.leads).toEqual({ totalCount: 1, edges: [{ node: { email: 'first@lead.test' } }] });

    const verification = mailbox.lastTo('founder@startup.test');
    const verified = await sg.request(`mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { ok } }`, { variables: { input: { token: tokenIn(verification?.text) } } });
    expect(verified.data).toEqual({ verifyEmail: { ok: true } });
  });

  it('rotates refresh tokens, and a reused one ends the session (the newest token too)', async () => {
    const first = (await sg.request(LOGIN, { variables: { input: { email: 'user@acme.test', password: 'leadgraph-demo' } } })).data!.login;
    const second = (await sg.request(REFRESH, { variables: { input: { refreshToken: first.refreshToken } } })).data!.refreshToken;
    const me = await sg.request(`{ me { email } }`, { token: second.accessToken });
    expect(me.data!.me.email).toBe('user@acme.test');

    const reused = await sg.request(REFRESH, { variables: { input: { refreshToken: first.refreshToken } } });
    expect(reused.errors![0]).toMatchObject({ message: 'Invalid refresh token', extensions: { code: 'UNAUTHENTICATED' } });
    const newest = await sg.request(REFRESH, { variables: { input: { refreshToken: second.refreshToken } } });
    expect(newest.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('logs out: the refresh token stops working', async () => {
    const session = (await sg.request(LOGIN, { variables: { input: { email: 'viewer@acme.test', password: 'leadgraph-demo' } } })).data!.login;
    expect((await sg.request(LOGOUT, { variables: { input: { refreshToken: session.refreshToken } } })).data).toEqual({ logout: { ok: true } });
    expect((await sg.request(REFRESH, { variables: { input: { refreshToken: session.refreshToken } } })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('resets a password with the mailed token', async () => {
    const request = await sg.request(`mutation { requestPasswordReset(input: { email: "manager@globex.test" }) { ok } }`);
    expect(request.data).toEqual({ requestPasswordReset: { ok: true } });
    const token = tokenIn(mailbox.lastTo('manager@globex.test')?.text);
    const reset = await sg.request(`mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok } }`, { variables: { input: { token, newPassword: PASSWORD } } });
    expect(reset.data).toEqual({ resetPassword: { ok: true } });
    expect(await sg.login('manager@globex.test', PASSWORD)).toEqual(expect.any(String));
    await expect(sg.login('manager@globex.test')).rejects.toThrow(/Invalid email or password/);
  });
});
