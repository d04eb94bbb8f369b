import { randomUUID } from 'node:crypto';
import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID, addMember, type Member } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
let ownerA: Member;
let ownerB: Member;

const CREATE = `mutation($input: CreateResourceOwnershipInput!) { createResourceOwnership(input: $input) { resourceOwnership { id resourceType resourceId owner { id } } } }`;
const UPDATE = `mutation($input: UpdateResourceOwnershipInput!) { updateResourceOwnership(input: $input) { resourceOwnership { id owner { id } } } }`;
const DELETE = `mutation($input: DeleteResourceOwnershipInput!) { deleteResourceOwnership(input: $input) { deletedResourceOwnershipId } }`;
const ONE = `query($id: ID!) { resourceOwnership(id: $id) { id } }`;
const LIST = `query($filter: ResourceOwnershipFilter) { resourceOwnerships(first: 50, filter: $filter) { totalCount edges { node { id resourceId } } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

async function own(tenantId: string, ownerId: string, resourceId = randomUUID()) {
  const res = await sg.request(CREATE, { variables: { input: { resourceType: 'crm.lead', resourceId, ownerId } }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createResourceOwnership.resourceOwnership as { id: string; resourceId: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'OwnA');
  b = await createTenant(db, 'OwnB');
  ownerA = await addMember(db, a, { level: 1, permissions: [] });
  ownerB = await addMember(db, b, { level: 1, permissions: [] });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('resource ownership isolation', () => {
  let bRow: { id: string; resourceId: string };
  beforeAll(async () => {
    await own(a.id, ownerA.id);
    bRow = await own(b.id, ownerB.id);
  });

  it("does not show another tenant's row by id or in the list", async () => {
    const other = await sg.request(ONE, { variables: { id: bRow.id }, principal: principalFor(a.id) });
    expect(other).toEqual(await sg.request(ONE, { variables: { id: MISSING_ID }, principal: principalFor(a.id) }));
    const list = await sg.request(LIST, { principal: principalFor(a.id) });
    expect(list.data!.resourceOwnerships.totalCount).toBe(1);
  });

  it("cannot update or delete another tenant's row, nor name another tenant's user as owner", async () => {
    expect(code(await sg.request(UPDATE, { variables: { input: { id: bRow.id, ownerId: ownerA.id } }, principal: principalFor(a.id) }))).toBe('NOT_FOUND');
    expect(code(await sg.request(DELETE, { variables: { input: { id: bRow.id } }, principal: principalFor(a.id) }))).toBe('NOT_FOUND');
    const foreignOwner = await sg.request(CREATE, { variables: { input: { resourceType: 'crm.lead', resourceId: randomUUID(), ownerId: ownerB.id } }, principal: principalFor(a.id) });
    expect(foreignOwner.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
    const [row] = await sql<{ owner_id: string }>(db.ownerUrl, 'SELECT owner_id FROM identity.resource_ownership WHERE id = $1', [bRow.id]);
    expect(row.owner_id).toBe(ownerB.id);
  });
});

describe('resource ownership writes', () => {
  it('records one owner per record (CONFLICT for a second), hands it over, filters and deletes', async () => {
    const resourceId = randomUUID();
    const row = await own(a.id, ownerA.id, resourceId);
    const second = await sg.request(CREATE, { variables: { input: { resourceType: 'crm.lead', resourceId, ownerId: ownerA.id } }, principal: principalFor(a.id) });
    expect(code(second)).toBe('CONFLICT');
    const other = await addMember(db, a, { level: 1, permissions: [] });
    const moved = await sg.request(UPDATE, { variables: { input: { id: row.id, ownerId: other.id } }, principal: principalFor(a.id) });
    expect(moved.data!.updateResourceOwnership.resourceOwnership.owner).toEqual({ id: other.id });
    const found = await sg.request(LIST, { variables: { filter: { resourceId: { eq: resourceId }, resourceType: { eq: 'crm.lead' } } }, principal: principalFor(a.id) });
    expect(found.data!.resourceOwnerships.edges).toEqual([{ node: { id: row.id, resourceId } }]);
    expect((await sg.request(DELETE, { variables: { input: { id: row.id } }, principal: principalFor(a.id) })).data).toEqual({ deleteResourceOwnership: { deletedResourceOwnershipId: row.id } });
  });

  it('validates the resource type and id, and needs identity.policy.read / write', async () => {
    const bad = await sg.request(CREATE, { variables: { input: { resourceType: 'Leads!', resourceId: 'x', ownerId: ownerA.id } }, principal: principalFor(a.id) });
    expect((bad.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['resourceId', 'resourceType']);
    const denied = await sg.request(CREATE, { variables: { input: { resourceType: 'crm.lead', resourceId: randomUUID(), ownerId: ownerA.id } }, principal: principalFor(a.id, ['identity.policy.read']) });
    expect(code(denied)).toBe('FORBIDDEN');
    expect(code(await sg.request(LIST, { principal: principalFor(a.id, ['identity.user.read']) }))).toBe('FORBIDDEN');
  });
});
