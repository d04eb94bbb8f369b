import { ANONYMOUS } from '@leadgraph/shared';
import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID, addMember, as, type Member } from './role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
let adminA: Member;
let adminB: Member;

const CREATE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id name level permissions } } }`;
const UPDATE = `mutation($input: UpdateRoleInput!) { updateRole(input: $input) { role { id name level permissions } } }`;
const DELETE = `mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedRoleId } }`;
const ASSIGN = `mutation($input: RoleAssignmentInput!) { assignRole(input: $input) { user { id roles { id } } role { id } } }`;
const UNASSIGN = `mutation($input: RoleAssignmentInput!) { unassignRole(input: $input) { user { id roles { id } } role { id } } }`;
const FROM_PRESET = `mutation($input: CreateRoleFromPresetInput!) { createRoleFromPreset(input: $input) { role { id name level permissions description } } }`;
const ROLE = `query($id: ID!) { role(id: $id) { id name } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

async function createRole(member: Member, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: as(member) });
  expect(res.errors).toBeUndefined();
  return res.data!.createRole.role as { id: string; name: string; level: number; permissions: string[] };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'RolesA');
  b = await createTenant(db, 'RolesB');
  adminA = await addMember(db, a, { level: 4, permissions: ['identity.*', 'crm.*'] });
  adminB = await addMember(db, b, { level: 4, permissions: ['identity.*', 'crm.*'] });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('role isolation', () => {
  let bRole: { id: string };
  beforeAll(async () => {
    bRole = await createRole(adminB, { name: 'b-only', level: 1, permissions: ['crm.lead.read'] });
  });

  it("does not show another tenant's role by id: it looks missing", async () => {
    const other = await sg.request(ROLE, { variables: { id: bRole.id }, principal: as(adminA) });
    const missing = await sg.request(ROLE, { variables: { id: MISSING_ID }, principal: as(adminA) });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ role: null });
  });

  it('lists only the caller tenant roles, and resolves no reference of another tenant', async () => {
    const list = await sg.request(`{ roles(first: 100) { edges { node { id name } } } }`, { principal: as(adminA) });
    expect(list.data!.roles.edges.map((e: any) => e.node.id)).not.toContain(bRole.id);
    const refs = await sg.request(ENTITIES_QUERY('... on Role { id }'), {
      variables: { representations: [{ __typename: 'Role', id: bRole.id }] },
      principal: as(adminA),
    });
    expect(refs.data).toEqual({ _entities: [null] });
  });

  it("cannot update, delete or assign another tenant's role: NOT_FOUND, like a missing one", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bRole.id, name: 'pwned' } }, principal: as(adminA) });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, name: 'x' } }, principal: as(adminA) });
    expect(code(upd)).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bRole.id));
    expect(code(await sg.request(DELETE, { variables: { input: { id: bRole.id } }, principal: as(adminA) }))).toBe('NOT_FOUND');
    const assign = await sg.request(ASSIGN, { variables: { input: { userId: adminA.id, roleId: bRole.id } }, principal: as(adminA) });
    expect(code(assign)).toBe('NOT_FOUND');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM identity.roles WHERE id = $1', [bRole.id]);
    expect(row.name).toBe('b-only');
  });
});

describe('role permissions', () => {
  it('refuses role writes without identity.role.write and reads without identity.role.read', async () => {
    const reader = principalFor(a.id, ['identity.role.read']);
    const res = await sg.request(CREATE, { variables: { input: { name: 'x', level: 1, permissions: [] } }, principal: reader });
    expect(code(res)).toBe('FORBIDDEN');
    expect(code(await sg.request(`{ roles { totalCount } }`, { principal: principalFor(a.id, ['crm.lead.read']) }))).toBe('FORBIDDEN');
  });

  it('lists the presets to any signed-in caller, not to an anonymous one', async () => {
    const res = await sg.request(`{ rolePresets { key family name level permissions } }`, { principal: principalFor(a.id, []) });
    const keys = res.data!.rolePresets.map((p: any) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['DEFAULT_ADMIN', 'DEFAULT_VIEWER', 'AGENCY_CEO', 'AGENCY_SALES', 'HIERARCHY_AGENT', 'HIERARCHY_WORKSPACE_ADMIN']));
    expect(res.data!.rolePresets.filter((p: any) => p.name === 'admin')).toHaveLength(3);
    expect(code(await sg.request(`{ rolePresets { key } }`, { principal: ANONYMOUS }))).toBe('UNAUTHENTICATED');
  });
});

describe('defining roles', () => {
  it('creates a role with catalog names and a held wildcard, and keeps role_permissions in sync', async () => {
    const role = await createRole(adminA, { name: 'Lead desk', level: 2, permissions: ['crm.lead.read', 'crm.lead.write', 'crm.lead.read', 'crm.*'] });
    expect(role).toMatchObject({ level: 2, permissions: ['crm.lead.read', 'crm.lead.write', 'crm.*'] });
    const linked = async () =>
      (await sql<{ permission_name: string }>(db.ownerUrl, 'SELECT permission_name FROM identity.role_permissions WHERE role_id = $1 ORDER BY 1', [role.id])).map(
        (r) => r.permission_name,
      );
    // Wildcards stay only in roles.permissions: they match no catalog row.
    expect(await linked()).toEqual(['crm.lead.read', 'crm.lead.write']);
    const upd = await sg.request(UPDATE, { variables: { input: { id: role.id, permissions: ['crm.lead.read', 'identity.user.read'] } }, principal: as(adminA) });
    expect(upd.errors).toBeUndefined();
    expect(await linked()).toEqual(['crm.lead.read', 'identity.user.read']);
  });

  it('refuses unknown permission names and wildcards of unknown domains (BAD_USER_INPUT)', async () => {
    for (const permissions of [['crm.lead.fly'], ['nope.*'], ['crm.lead.read.extra.part'], ['CRM.Lead.Read']]) {
      const res = await sg.request(CREATE, { variables: { input: { name: `bad-${permissions[0]}`, level: 1, permissions } }, principal: as(adminA) });
      expect({ permissions, code: code(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ permissions, code: 'BAD_USER_INPUT', field: 'permissions' });
    }
  });

  it('is refused by the database too: a role row naming an unknown permission cannot be written', async () => {
    await expect(
      sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES (gen_random_uuid(), $1, 'raw', 1, '{crm.lead.fly}')`, [a.id]),
    ).rejects.toThrow(/role_permissions_permission_fkey/);
    await expect(
      sql(db.ownerUrl, `INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES (gen_random_uuid(), $1, 'raw', 1, '{nope.*}')`, [a.id]),
    ).rejects.toThrow(/unknown permission wildcard/);
  });

  it('refuses granting a permission the caller does not hold (FORBIDDEN), also as a wildcard', async () => {
    const limited = await addMember(db, a, { level: 3, permissions: ['identity.role.write', 'crm.lead.read'] });
    for (const permissions of [['crm.lead.write'], ['crm.*'], ['*']]) {
      const res = await sg.request(CREATE, { variables: { input: { name: `esc-${permissions[0]}`, level: 1, permissions } }, principal: as(limited) });
      expect({ permissions, code: code(res) }).toEqual({ permissions, code: 'FORBIDDEN' });
    }
    const ok = await sg.request(CREATE, { variables: { input: { name: 'reader', level: 1, permissions: ['crm.lead.read'] } }, principal: as(limited) });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses a level above the caller highest one, on create, update and for editing a higher role', async () => {
    const mid = await addMember(db, a, { level: 2, permissions: ['identity.*'] });
    const above = await sg.request(CREATE, { variables: { input: { name: 'boss', level: 3, permissions: [] } }, principal: as(mid) });
    expect(code(above)).toBe('FORBIDDEN');
    const own = await createRole(mid, { name: 'peer', level: 2, permissions: ['identity.user.read'] });
    expect(code(await sg.request(UPDATE, { variables: { input: { id: own.id, level: 3 } }, principal: as(mid) }))).toBe('FORBIDDEN');
    const higher = await createRole(adminA, { name: 'senior', level: 4, permissions: [] });
    expect(code(await sg.request(UPDATE, { variables: { input: { id: higher.id, name: 'junior' } }, principal: as(mid) }))).toBe('FORBIDDEN');
    expect(code(await sg.request(DELETE, { variables: { input: { id: higher.id } }, principal: as(mid) }))).toBe('FORBIDDEN');
  });

  it('refuses adding an unheld permission on update but keeps ones the role already had', async () => {
    const role = await createRole(adminA, { name: 'has-crm', level: 1, permissions: ['crm.lead.write'] });
    const idOnly = await addMember(db, a, { level: 3, permissions: ['identity.*'] });
    const rename = await sg.request(UPDATE, { variables: { input: { id: role.id, name: 'has-crm-2', permissions: ['crm.lead.write'] } }, principal: as(idOnly) });
    expect(rename.errors).toBeUndefined();
    const add = await sg.request(UPDATE, { variables: { input: { id: role.id, permissions: ['crm.lead.write', 'crm.lead.delete'] } }, principal: as(idOnly) });
    expect(code(add)).toBe('FORBIDDEN');
  });

  it('answers CONFLICT for a name taken in the tenant, and validates the input', async () => {
    await createRole(adminA, { name: 'dup', level: 1, permissions: [] });
    const dup = await sg.request(CREATE, { variables: { input: { name: 'dup', level: 1, permissions: [] } }, principal: as(adminA) });
    expect(dup.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
    const bad = await sg.request(CREATE, { variables: { input: { name: '', level: 11, permissions: [] } }, principal: as(adminA) });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['level', 'name']);
    const nulled = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, level: null } }, principal: as(adminA) });
    expect(code(nulled)).toBe('BAD_USER_INPUT');
  });
});

describe('deleting and assigning roles', () => {
  it('refuses to delete a role that users hold (CONFLICT), deletes it once unassigned', async () => {
    const role = await createRole(adminA, { name: 'held', level: 1, permissions: ['crm.lead.read'] });
    const holder = await addMember(db, a, { level: 1, permissions: ['crm.lead.read'] });
    const assigned = await sg.request(ASSIGN, { variables: { input: { userId: holder.id, roleId: role.id } }, principal: as(adminA) });
    expect(assigned.data!.assignRole.user.roles.map((r: any) => r.id)).toContain(role.id);
    const refused = await sg.request(DELETE, { variables: { input: { id: role.id } }, principal: as(adminA) });
    expect(refused.errors![0]).toMatchObject({ message: 'Role held is held by 1 user(s): unassign it first', extensions: { code: 'CONFLICT' } });
    const unassigned = await sg.request(UNASSIGN, { variables: { input: { userId: holder.id, roleId: role.id } }, principal: as(adminA) });
    expect(unassigned.data!.unassignRole.user.roles.map((r: any) => r.id)).not.toContain(role.id);
    const deleted = await sg.request(DELETE, { variables: { input: { id: role.id } }, principal: as(adminA) });
    expect(deleted.data).toEqual({ deleteRole: { deletedRoleId: role.id } });
  });

  it('keeps the database from deleting a held role even without the service check', async () => {
    const holder = await addMember(db, a, { level: 1, permissions: [] });
    await expect(sql(db.ownerUrl, 'DELETE FROM identity.roles WHERE id = $1', [holder.roleId])).rejects.toThrow(/user_roles_role_fkey/);
  });

  it('refuses assigning a role above the caller level or with permissions the caller lacks', async () => {
    const high = await createRole(adminA, { name: 'high', level: 4, permissions: [] });
    const crmRole = await createRole(adminA, { name: 'crm-writer', level: 1, permissions: ['crm.lead.write'] });
    const manager = await addMember(db, a, { level: 2, permissions: ['identity.*'] });
    const target = await addMember(db, a, { level: 1, permissions: [] });
    for (const roleId of [high.id, crmRole.id]) {
      const res = await sg.request(ASSIGN, { variables: { input: { userId: target.id, roleId } }, principal: as(manager) });
      expect(code(res)).toBe('FORBIDDEN');
    }
    const [{ n }] = await sql<{ n: string }>(db.ownerUrl, 'SELECT count(*) AS n FROM identity.user_roles WHERE user_id = $1', [target.id]);
    expect(Number(n)).toBe(1);
    expect(code(await sg.request(UNASSIGN, { variables: { input: { userId: adminA.id, roleId: adminA.roleId } }, principal: as(manager) }))).toBe('FORBIDDEN');
  });
});

describe('roles from presets', () => {
  it('creates a preset role, and needs a name when the preset name is taken', async () => {
    const t = await createTenant(db, 'Presets');
    const top = await addMember(db, t, { level: 6, permissions: ['*'] });
    const agent = await sg.request(FROM_PRESET, { variables: { input: { preset: 'HIERARCHY_AGENT' } }, principal: as(top) });
    expect(agent.data!.createRoleFromPreset.role).toMatchObject({ name: 'agent', level: 1, description: 'Basic user access' });
    await sg.request(FROM_PRESET, { variables: { input: { preset: 'DEFAULT_ADMIN' } }, principal: as(top) });
    const clash = await sg.request(FROM_PRESET, { variables: { input: { preset: 'AGENCY_ADMIN' } }, principal: as(top) });
    expect(code(clash)).toBe('CONFLICT');
    const renamed = await sg.request(FROM_PRESET, { variables: { input: { preset: 'AGENCY_ADMIN', name: 'agency admin' } }, principal: as(top) });
    expect(renamed.data!.createRoleFromPreset.role).toMatchObject({ name: 'agency admin', level: 2 });
  });

  it('applies the escalation rules to presets', async () => {
    const lvl4 = await addMember(db, a, { level: 4, permissions: ['*'] });
    const res = await sg.request(FROM_PRESET, { variables: { input: { preset: 'HIERARCHY_WORKSPACE_ADMIN', name: 'wa' } }, principal: as(lvl4) });
    expect(code(res)).toBe('FORBIDDEN');
    const unknown = await sg.request(FROM_PRESET, { variables: { input: { preset: 'NOPE' } }, principal: as(lvl4) });
    expect(code(unknown)).toBe('BAD_USER_INPUT');
  });
});
