import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, createTestDatabase, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { LOGIN, TEST_PASSWORD, addUser, captureMail, ensureSigningKey } from './test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
const mailbox = captureMail();

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  tenant = await createTenant(db, 'Lockout');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

const login = (email: string, password: string) => sg.request(LOGIN, { variables: { input: { email, password } }, principal: ANONYMOUS });
const lockState = async (id: string) =>
  (await sql<{ failed_login_attempts: number; locked_until: Date | null }>(db.ownerUrl, 'SELECT failed_login_attempts, locked_until FROM identity.users WHERE id = $1', [id]))[0];
const events = (id: string) =>
  sql<{ event_type: string; severity: string; details: Record<string, unknown> }>(
    db.ownerUrl,
    'SELECT event_type, severity, details FROM identity.security_events WHERE user_id = $1 ORDER BY occurred_at, id',
    [id],
  );
const INVALID = [{ message: 'Invalid email or password', locations: [{ line: 1, column: 33 }], path: ['login'], extensions: { code: 'UNAUTHENTICATED' } }];

describe('login lockout', () => {
  it('counts wrong passwords, locks after five, then refuses even the right password with the same answer', async () => {
    const id = await addUser(db, tenant, 'locked@lockout.test');
    for (let i = 1; i <= 4; i++) {
      expect((await login('locked@lockout.test', 'wrong password')).errors).toEqual(INVALID);
    }
    // The failures survive the failed requests' rollback.
    expect(await lockState(id)).toEqual({ failed_login_attempts: 4, locked_until: null });

    expect((await login('locked@lockout.test', 'wrong password')).errors).toEqual(INVALID);
    const locked = await lockState(id);
    expect(locked.failed_login_attempts).toBe(5);
    const minutes = (locked.locked_until!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    const rightPassword = await login('locked@lockout.test', TEST_PASSWORD);
    const unknownEmail = await login('nobody@lockout.test', TEST_PASSWORD);
    expect(rightPassword.errors).toEqual(INVALID);
    expect(unknownEmail.errors).toEqual(rightPassword.errors);
    expect(rightPassword.data).toBeNull();

    const recorded = await events(id);
    expect(recorded.filter((e) => e.event_type === 'login_failed' && e.details.reason === 'wrong_password')).toHaveLength(5);
    expect(recorded.filter((e) => e.event_type === 'account_locked')).toEqual([expect.objectContaining({ severity: 'high' })]);
    expect(recorded.at(-1)).toMatchObject({ event_type: 'login_failed', details: { reason: 'account_locked' } });
    expect(mailbox.lastTo('locked@lockout.test')?.subject).toMatch(/locked/);
  });

  it('lets the right password in once the lock has run out, and clears the counter', async () => {
    const id = await addUser(db, tenant, 'expired-lock@lockout.test');
    await sql(db.ownerUrl, `UPDATE identity.users SET failed_login_attempts = 5, locked_until = now() + interval '10 minutes' WHERE id = $1`, [id]);
    expect((await login('expired-lock@lockout.test', TEST_PASSWORD)).errors).toEqual(INVALID);

    await sql(db.ownerUrl, `UPDATE identity.users SET locked_until = now() - interval '1 second' WHERE id = $1`, [id]);
    const res = await login('expired-lock@lockout.test', TEST_PASSWORD);
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user.id).toBe(id);
    expect(await lockState(id)).toEqual({ failed_login_attempts: 0, locked_until: null });
  });

  it('starts counting again at one after a lock ran out, instead of locking at the next failure', async () => {
    const id = await addUser(db, tenant, 'relock@lockout.test');
    await sql(db.ownerUrl, `UPDATE identity.users SET failed_login_attempts = 5, locked_until = now() - interval '1 second' WHERE id = $1`, [id]);
    await login('relock@lockout.test', 'wrong password');
    expect(await lockState(id)).toEqual({ failed_login_attempts: 1, locked_until: null });
  });

  it('resets the counter on a successful login', async () => {
    const id = await addUser(db, tenant, 'reset@lockout.test');
    for (let i = 0; i < 3; i++) await login('reset@lockout.test', 'wrong password');
    expect((await lockState(id)).failed_login_attempts).toBe(3);
    expect((await login('reset@lockout.test', TEST_PASSWORD)).errors).toBeUndefined();
    expect(await lockState(id)).toEqual({ failed_login_attempts: 0, locked_until: null });
    // Two more failures do not lock: the count started again.
    for (let i = 0; i < 2; i++) await login('reset@lockout.test', 'wrong password');
    expect(await lockState(id)).toEqual({ failed_login_attempts: 2, locked_until: null });
  });

  it('records a successful login', async () => {
    const id = await addUser(db, tenant, 'ok@lockout.test');
    await login('ok@lockout.test', TEST_PASSWORD);
    expect((await events(id)).map((e) => e.event_type)).toEqual(['login_succeeded']);
  });
});
