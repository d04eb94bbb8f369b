import { ANONYMOUS, newId } from '@leadgraph/shared';
import { createTenant, principalFor, sql, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { LOGIN, addUser, captureMail, ensureSigningKey, openIdentityTestbed } from '../auth/test-kit';

ensureSigningKey();
captureMail();
let db: TestDatabase;
let sg: TestSubgraph;
let tenant: TestTenant;
let close: () => Promise<void>;
beforeAll(async () => ({ db, sg, tenant, close } = await openIdentityTestbed('Security')));
afterAll(() => close?.());

const EVENTS = `query($filter: SecurityEventFilter) { securityEvents(first: 10, filter: $filter) { totalCount edges { node { eventType severity userId requestId } } } }`;
const ACCESS = `query($filter: AccessLogFilter) { accessLogs(first: 10, filter: $filter) { totalCount edges { node { userId action allowed operationName requestId } } } }`;
const securityAdmin = (t: TestTenant) => principalFor(t.id, ['identity.security.read']);

describe('securityEvents', () => {
  it('lists failed logins of the tenant, newest first, filtered by type and user', async () => {
    const email = `${newId()}@security.test`;
    const userId = await addUser(db, tenant, email);
    for (let i = 0; i < 2; i++) {
      const res = await sg.request(LOGIN, { variables: { input: { email, password: 'wrong password!' } }, principal: ANONYMOUS, headers: { 'x-request-id': `bad-login-${i}` } });
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const res = await sg.request(EVENTS, { principal: securityAdmin(tenant), variables: { filter: { eventType: { eq: 'login_failed' }, userId: { eq: userId } } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.securityEvents.totalCount).toBe(2);
    expect(res.data!.securityEvents.edges.map((e: { node: { requestId: string } }) => e.node.requestId)).toEqual(['bad-login-1', 'bad-login-0']);
    expect(res.data!.securityEvents.edges[0].node).toMatchObject({ eventType: 'login_failed', userId });
  });

  it("shows another tenant none of them, and refuses callers without identity.security.read", async () => {
    const other = await createTenant(db, 'Elsewhere');
    const res = await sg.request(EVENTS, { principal: securityAdmin(other) });
    expect(res.data!.securityEvents.totalCount).toBe(0);
    const viewer = await sg.request(EVENTS, { principal: principalFor(tenant.id, ['identity.user.read', 'identity.role.read']) });
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(viewer.data).toBeNull();
  });
});

describe('accessLogs', () => {
  it("lists the tenant's access records, filtered by decision", async () => {
    const supportUser = newId();
    for (const [allowed, action] of [[true, 'query'], [false, 'mutation']] as const) {
      await sql(
        db.ownerUrl,
        `INSERT INTO identity.access_logs (id, tenant_id, user_id, resource_type, action, allowed, operation_name, request_id) VALUES ($1, $2, $3, 'graphql', $4, $5, 'Op', $6)`,
        [newId(), tenant.id, supportUser, action, allowed, `access-${action}`],
      );
    }
    const refused = await sg.request(ACCESS, { principal: securityAdmin(tenant), variables: { filter: { allowed: { eq: false }, userId: { eq: supportUser } } } });
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.accessLogs.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { userId: supportUser, action: 'mutation', allowed: false, operationName: 'Op', requestId: 'access-mutation' },
    ]);
    const other = await createTenant(db, 'Elsewhere too');
    expect((await sg.request(ACCESS, { principal: securityAdmin(other) })).data!.accessLogs.totalCount).toBe(0);
  });
});
