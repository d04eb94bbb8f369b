import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
const tenants = { a: '', b: '' };

const CREATE = `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id name description } } }`;
const UPDATE = `mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { id name description } } }`;
const DELETE = `mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedWorkspaceId } }`;
const WORKSPACE = `query($id: ID!) { workspace(id: $id) { id name } }`;
const WORKSPACES = `query($filter: WorkspaceFilter) { workspaces(first: 50, filter: $filter) { totalCount edges { node { id name } } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

async function createWorkspace(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createWorkspace.workspace as { id: string; name: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  tenants.a = (await createTenant(db, 'WsA')).id;
  tenants.b = (await createTenant(db, 'WsB')).id;
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('workspace isolation', () => {
  let bWs: { id: string };
  beforeAll(async () => {
    await createWorkspace(tenants.a, { name: 'A sales' });
    bWs = await createWorkspace(tenants.b, { name: 'B sales', description: 'secret' });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's workspace by id: it looks missing", async () => {
    const other = await sg.request(WORKSPACE, { variables: { id: bWs.id }, principal: asA() });
    const missing = await sg.request(WORKSPACE, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ workspace: null });
  });

  it('lists only the caller tenant workspaces', async () => {
    const res = await sg.request(WORKSPACES, { principal: asA() });
    expect(res.data!.workspaces).toMatchObject({ totalCount: 1, edges: [{ node: { name: 'A sales' } }] });
  });

  it('resolves no Workspace reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Workspace { id name }'), {
      variables: { representations: [{ __typename: 'Workspace', id: bWs.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update or delete another tenant's workspace: NOT_FOUND like a missing one, row untouched", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bWs.id, name: 'pwned' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, name: 'x' } }, principal: asA() });
    expect(code(upd)).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bWs.id));
    expect(code(await sg.request(DELETE, { variables: { input: { id: bWs.id } }, principal: asA() }))).toBe('NOT_FOUND');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM identity.workspaces WHERE id = $1', [bWs.id]);
    expect(row.name).toBe('B sales');
  });
});

describe('workspace writes', () => {
  it('updates, clears the description, and deletes a workspace; its projects and users stay, detached', async () => {
    const ws = await createWorkspace(tenants.a, { name: 'Ops', description: 'Operations' });
    const upd = await sg.request(UPDATE, { variables: { input: { id: ws.id, name: 'Operations', description: null } }, principal: principalFor(tenants.a) });
    expect(upd.data!.updateWorkspace.workspace).toEqual({ id: ws.id, name: 'Operations', description: null });
    const [project] = await sql<{ id: string }>(
      db.ownerUrl,
      `INSERT INTO identity.projects (id, tenant_id, workspace_id, name) VALUES (gen_random_uuid(), $1, $2, 'P') RETURNING id`,
      [tenants.a, ws.id],
    );
    const del = await sg.request(DELETE, { variables: { input: { id: ws.id } }, principal: principalFor(tenants.a) });
    expect(del.data).toEqual({ deleteWorkspace: { deletedWorkspaceId: ws.id } });
    const [row] = await sql<{ workspace_id: string | null }>(db.ownerUrl, 'SELECT workspace_id FROM identity.projects WHERE id = $1', [project.id]);
    expect(row.workspace_id).toBeNull();
  });

  it('refuses writes without identity.workspace.write and reads without identity.workspace.read', async () => {
    const res = await sg.request(CREATE, { variables: { input: { name: 'x' } }, principal: principalFor(tenants.a, ['identity.workspace.read']) });
    expect(code(res)).toBe('FORBIDDEN');
    expect(code(await sg.request(WORKSPACES, { principal: principalFor(tenants.a, ['identity.user.read']) }))).toBe('FORBIDDEN');
  });

  it('validates: a name is required and cannot be nulled', async () => {
    const empty = await sg.request(CREATE, { variables: { input: { name: '' } }, principal: principalFor(tenants.a) });
    expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'name' }] });
    const nulled = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, name: null } }, principal: principalFor(tenants.a) });
    expect(nulled.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'name', message: 'name cannot be null' }] });
  });
});
