import bcrypt from 'bcryptjs';
import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID, addMember, as, type Member } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
let adminA: Member;
let adminB: Member;

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email name isActive roles { id } manager { id } workspace { id } } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id name firstName manager { id } workspace { id } } } }`;
const DEACTIVATE = `mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { user { id isActive } } }`;
const REACTIVATE = `mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { user { id isActive } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const newUser = (email: string, extra: Record<string, unknown> = {}) => ({ email, name: email.split('@')[0], password: 'initial-password-1', roleIds: [], ...extra });

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'UsersA');
  b = await createTenant(db, 'UsersB');
  adminA = await addMember(db, a, { level: 4, permissions: ['identity.*'] });
  adminB = await addMember(db, b, { level: 4, permissions: ['identity.*'] });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('createUser', () => {
  it('creates a member with a bcrypt (cost 10) password and the given roles', async () => {
    const res = await sg.request(CREATE, { variables: { input: newUser('new@a.test', { roleIds: [adminA.roleId], firstName: 'New' }) }, principal: as(adminA) });
    expect(res.errors).toBeUndefined();
    const user = res.data!.createUser.user;
    expect(user).toMatchObject({ email: 'new@a.test', isActive: true, roles: [{ id: adminA.roleId }] });
    const [row] = await sql<{ password_hash: string; tenant_id: string }>(db.ownerUrl, 'SELECT password_hash, tenant_id FROM identity.users WHERE id = $1', [user.id]);
    expect(row.tenant_id).toBe(a.id);
    expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare('initial-password-1', row.password_hash)).toBe(true);
  });

  it('answers CONFLICT for an email already in the tenant (any case), and allows it in another tenant', async () => {
    await sg.request(CREATE, { variables: { input: newUser('dup@x.test') }, principal: as(adminA) });
    const dup = await sg.request(CREATE, { variables: { input: newUser('DUP@x.test') }, principal: as(adminA) });
    expect(dup.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    const elsewhere = await sg.request(CREATE, { variables: { input: newUser('dup@x.test') }, principal: as(adminB) });
    expect(elsewhere.errors).toBeUndefined();
  });

  it('refuses roles the caller could not assign (FORBIDDEN) and roles of another tenant (BAD_USER_INPUT)', async () => {
    const limited = await addMember(db, a, { level: 2, permissions: ['identity.user.write'] });
    const res = await sg.request(CREATE, { variables: { input: newUser('esc@a.test', { roleIds: [adminA.roleId] }) }, principal: as(limited) });
    expect(code(res)).toBe('FORBIDDEN');
    const foreign = await sg.request(CREATE, { variables: { input: newUser('foreign@a.test', { roleIds: [adminB.roleId] }) }, principal: as(adminA) });
    expect(foreign.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roleIds' });
    const rows = await sql(db.ownerUrl, `SELECT 1 FROM identity.users WHERE email IN ('esc@a.test', 'foreign@a.test')`);
    expect(rows).toHaveLength(0);
  });

  it('validates the input and needs identity.user.write', async () => {
    const bad = await sg.request(CREATE, { variables: { input: newUser('not-an-email', { password: 'short' }) }, principal: as(adminA) });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['email', 'password']);
    const denied = await sg.request(CREATE, { variables: { input: newUser('x@a.test') }, principal: principalFor(a.id, ['identity.user.read']) });
    expect(code(denied)).toBe('FORBIDDEN');
  });
});

describe('the manager hierarchy', () => {
  it('sets a manager, shows direct reports, and refuses a change that would make a cycle', async () => {
    const top = await addMember(db, a, { level: 1, permissions: [] });
    const mid = await addMember(db, a, { level: 1, permissions: [], managerId: top.id });
    const low = await addMember(db, a, { level: 1, permissions: [], managerId: mid.id });
    const reports = await sg.request(`query($id: ID!) { user(id: $id) { reports { id } manager { id } } }`, { variables: { id: mid.id }, principal: as(adminA) });
    expect(reports.data!.user).toEqual({ reports: [{ id: low.id }], manager: { id: top.id } });

    for (const [id, managerId] of [[top.id, low.id], [top.id, mid.id], [mid.id, mid.id]]) {
      const res = await sg.request(UPDATE, { variables: { input: { id, managerId } }, principal: as(adminA) });
      expect({ id, managerId, error: res.errors?.[0]?.extensions }).toEqual({ id, managerId, error: { code: 'BAD_USER_INPUT', field: 'managerId' } });
    }
    const [row] = await sql<{ manager_id: string | null }>(db.ownerUrl, 'SELECT manager_id FROM identity.users WHERE id = $1', [top.id]);
    expect(row.manager_id).toBeNull();

    const moved = await sg.request(UPDATE, { variables: { input: { id: low.id, managerId: top.id, firstName: 'Low' } }, principal: as(adminA) });
    expect(moved.data!.updateUser.user).toMatchObject({ manager: { id: top.id }, firstName: 'Low' });
    const cleared = await sg.request(UPDATE, { variables: { input: { id: low.id, managerId: null } }, principal: as(adminA) });
    expect(cleared.data!.updateUser.user.manager).toBeNull();
  });

  it('refuses a manager or a workspace of another tenant like a missing one', async () => {
    const user = await addMember(db, a, { level: 1, permissions: [] });
    const res = await sg.request(UPDATE, { variables: { input: { id: user.id, managerId: adminB.id } }, principal: as(adminA) });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'managerId' });
    const [bWorkspace] = await sql<{ id: string }>(
      db.ownerUrl,
      `INSERT INTO identity.workspaces (id, tenant_id, name) VALUES (gen_random_uuid(), $1, 'B ws') RETURNING id`,
      [b.id],
    );
    const ws = await sg.request(UPDATE, { variables: { input: { id: user.id, workspaceId: bWorkspace.id } }, principal: as(adminA) });
    expect(ws.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workspaceId' });
  });

  it('batches reports: as many statements for a page of 2 managers as for a page of 6', async () => {
    const statementsFor = async (managers: number) => {
      const t = await createTenant(db, 'Batch');
      const boss = await addMember(db, t, { level: 4, permissions: ['identity.*'] });
      for (let i = 1; i < managers; i++) {
        const m = await addMember(db, t, { level: 1, permissions: [], managerId: boss.id });
        await addMember(db, t, { level: 1, permissions: [], managerId: m.id });
      }
      sg.counter.reset();
      const res = await sg.request(`{ users(first: 20) { edges { node { id reports(first: 5) { id } } } } }`, { principal: as(boss) });
      expect(res.errors).toBeUndefined();
      return sg.counter.count;
    };
    expect(await statementsFor(6)).toBe(await statementsFor(2));
  });
});

describe('deactivation', () => {
  it('deactivates a user (listed as inactive, security event recorded) and reactivates them', async () => {
    const user = await addMember(db, a, { level: 1, permissions: [] });
    const res = await sg.request(DEACTIVATE, { variables: { input: { id: user.id } }, principal: as(adminA) });
    expect(res.data!.deactivateUser.user).toEqual({ id: user.id, isActive: false });
    const inactive = await sg.request(`{ users(first: 100, filter: { isActive: { eq: false } }) { edges { node { id isActive } } } }`, { principal: as(adminA) });
    expect(inactive.data!.users.edges.map((e: any) => e.node)).toContainEqual({ id: user.id, isActive: false });
    const events = await sql<{ event_type: string; tenant_id: string }>(db.ownerUrl, 'SELECT event_type, tenant_id FROM identity.security_events WHERE user_id = $1', [user.id]);
    expect(events).toEqual([{ event_type: 'user_deactivated', tenant_id: a.id }]);
    const back = await sg.request(REACTIVATE, { variables: { input: { id: user.id } }, principal: as(adminA) });
    expect(back.data!.reactivateUser.user.isActive).toBe(true);
  });

  it('refuses deactivating oneself, a user who outranks the caller, or a user of another tenant', async () => {
    expect(code(await sg.request(DEACTIVATE, { variables: { input: { id: adminA.id } }, principal: as(adminA) }))).toBe('BAD_USER_INPUT');
    const junior = await addMember(db, a, { level: 2, permissions: ['identity.user.write'] });
    expect(code(await sg.request(DEACTIVATE, { variables: { input: { id: adminA.id } }, principal: as(junior) }))).toBe('FORBIDDEN');
    const other = await sg.request(DEACTIVATE, { variables: { input: { id: adminB.id } }, principal: as(adminA) });
    const missing = await sg.request(DEACTIVATE, { variables: { input: { id: MISSING_ID } }, principal: as(adminA) });
    expect(code(other)).toBe('NOT_FOUND');
    expect(other.errors![0].message).toBe(missing.errors![0].message.replace(MISSING_ID, adminB.id));
    const [row] = await sql<{ is_active: boolean }>(db.ownerUrl, 'SELECT is_active FROM identity.users WHERE id = $1', [adminB.id]);
    expect(row.is_active).toBe(true);
  });

  it("cannot update another tenant's user: NOT_FOUND, nothing written", async () => {
    const res = await sg.request(UPDATE, { variables: { input: { id: adminB.id, name: 'pwned' } }, principal: as(adminA) });
    expect(code(res)).toBe('NOT_FOUND');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM identity.users WHERE id = $1', [adminB.id]);
    expect(row.name).not.toBe('pwned');
  });
});
