import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
const tenants = { a: '', b: '' };
const ws = { a: '', b: '' };

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id name status workspace { id name } } } }`;
const UPDATE = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { id name status workspace { id } } } }`;
const DELETE = `mutation($input: DeleteProjectInput!) { deleteProject(input: $input) { deletedProjectId } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { id name } }`;
const PROJECTS = `query($filter: ProjectFilter) { projects(first: 50, filter: $filter) { totalCount edges { node { id name status } } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

async function createProject(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createProject.project as { id: string; name: string; status: string; workspace: { id: string } | null };
}

const addWorkspace = async (tenantId: string, name: string) =>
  (await sql<{ id: string }>(db.ownerUrl, `INSERT INTO identity.workspaces (id, tenant_id, name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [tenantId, name]))[0].id;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  tenants.a = (await createTenant(db, 'ProjA')).id;
  tenants.b = (await createTenant(db, 'ProjB')).id;
  ws.a = await addWorkspace(tenants.a, 'A ws');
  ws.b = await addWorkspace(tenants.b, 'B ws');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('project isolation', () => {
  let bProject: { id: string };
  beforeAll(async () => {
    await createProject(tenants.a, { name: 'A project', workspaceId: ws.a });
    bProject = await createProject(tenants.b, { name: 'B project', workspaceId: ws.b });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's project by id, nor lists it, nor resolves its reference", async () => {
    const other = await sg.request(PROJECT, { variables: { id: bProject.id }, principal: asA() });
    const missing = await sg.request(PROJECT, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    const list = await sg.request(PROJECTS, { principal: asA() });
    expect(list.data!.projects).toMatchObject({ totalCount: 1, edges: [{ node: { name: 'A project' } }] });
    const refs = await sg.request(ENTITIES_QUERY('... on Project { id }'), {
      variables: { representations: [{ __typename: 'Project', id: bProject.id }] },
      principal: asA(),
    });
    expect(refs.data).toEqual({ _entities: [null] });
  });

  it("cannot update or delete another tenant's project: NOT_FOUND, row untouched", async () => {
    expect(code(await sg.request(UPDATE, { variables: { input: { id: bProject.id, name: 'pwned' } }, principal: asA() }))).toBe('NOT_FOUND');
    expect(code(await sg.request(DELETE, { variables: { input: { id: bProject.id } }, principal: asA() }))).toBe('NOT_FOUND');
    const [row] = await sql<{ name: string }>(db.ownerUrl, 'SELECT name FROM identity.projects WHERE id = $1', [bProject.id]);
    expect(row.name).toBe('B project');
  });

  it("refuses another tenant's workspace like a missing one (BAD_USER_INPUT)", async () => {
    const res = await sg.request(CREATE, { variables: { input: { name: 'x', workspaceId: ws.b } }, principal: asA() });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workspaceId' });
  });
});

describe('project writes', () => {
  it('defaults the status to ACTIVE, filters by status and workspace, moves and deletes', async () => {
    const t = (await createTenant(db, 'ProjWrites')).id;
    const w = await addWorkspace(t, 'W');
    const p = await createProject(t, { name: 'Launch' });
    expect(p).toMatchObject({ status: 'ACTIVE', workspace: null });
    await createProject(t, { name: 'Paused', status: 'ON_HOLD', workspaceId: w });
    const held = await sg.request(PROJECTS, { variables: { filter: { status: { eq: 'ON_HOLD' } } }, principal: principalFor(t) });
    expect(held.data!.projects.edges.map((e: any) => e.node.name)).toEqual(['Paused']);
    const inW = await sg.request(PROJECTS, { variables: { filter: { workspaceId: { eq: w } } }, principal: principalFor(t) });
    expect(inW.data!.projects.totalCount).toBe(1);
    const moved = await sg.request(UPDATE, { variables: { input: { id: p.id, workspaceId: w, status: 'COMPLETED' } }, principal: principalFor(t) });
    expect(moved.data!.updateProject.project).toMatchObject({ status: 'COMPLETED', workspace: { id: w } });
    const [row] = await sql<{ status: string }>(db.ownerUrl, 'SELECT status FROM identity.projects WHERE id = $1', [p.id]);
    expect(row.status).toBe('completed');
    expect((await sg.request(DELETE, { variables: { input: { id: p.id } }, principal: principalFor(t) })).data).toEqual({ deleteProject: { deletedProjectId: p.id } });
  });

  it('refuses writes without identity.project.write and reads without identity.project.read', async () => {
    expect(code(await sg.request(CREATE, { variables: { input: { name: 'x' } }, principal: principalFor(tenants.a, ['identity.project.read']) }))).toBe('FORBIDDEN');
    expect(code(await sg.request(PROJECTS, { principal: principalFor(tenants.a, ['identity.workspace.read']) }))).toBe('FORBIDDEN');
  });

  it('validates: name required, status cannot be nulled, a malformed filter id is refused', async () => {
    expect(code(await sg.request(CREATE, { variables: { input: { name: '' } }, principal: principalFor(tenants.a) }))).toBe('BAD_USER_INPUT');
    const nulled = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, status: null } }, principal: principalFor(tenants.a) });
    expect(nulled.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'status' }] });
    expect(code(await sg.request(PROJECTS, { variables: { filter: { workspaceId: { eq: 'nope' } } }, principal: principalFor(tenants.a) }))).toBe('BAD_USER_INPUT');
  });
});
