import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID } from '../role/role.test-kit';
import { policyDefinitionProblems } from './policy.definition';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;

const CREATE = `mutation($input: CreateAccessControlPolicyInput!) { createAccessControlPolicy(input: $input) { accessControlPolicy { id name enabled policyDefinition } } }`;
const UPDATE = `mutation($input: UpdateAccessControlPolicyInput!) { updateAccessControlPolicy(input: $input) { accessControlPolicy { id name enabled policyDefinition } } }`;
const DELETE = `mutation($input: DeleteAccessControlPolicyInput!) { deleteAccessControlPolicy(input: $input) { deletedAccessControlPolicyId } }`;
const ONE = `query($id: ID!) { accessControlPolicy(id: $id) { id } }`;
const LIST = `query($filter: AccessControlPolicyFilter) { accessControlPolicies(first: 50, filter: $filter) { totalCount edges { node { id name } } } }`;

const SALES_OWN_LEADS = {
  effect: 'deny',
  permissions: ['crm.lead.delete'],
  when: { 'principal.roles': { contains: 'sales' }, 'resource.ownedByPrincipal': { eq: false } },
};

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

async function createPolicy(tenantId: string, name: string, policyDefinition: Record<string, unknown> = SALES_OWN_LEADS) {
  const res = await sg.request(CREATE, { variables: { input: { name, policyDefinition } }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createAccessControlPolicy.accessControlPolicy as { id: string; enabled: boolean; policyDefinition: unknown };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'PolA');
  b = await createTenant(db, 'PolB');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('access-control policy isolation', () => {
  let bPolicy: { id: string };
  beforeAll(async () => {
    await createPolicy(a.id, 'A policy');
    bPolicy = await createPolicy(b.id, 'B policy');
  });

  it("does not show another tenant's policy by id or in the list", async () => {
    const other = await sg.request(ONE, { variables: { id: bPolicy.id }, principal: principalFor(a.id) });
    expect(other).toEqual(await sg.request(ONE, { variables: { id: MISSING_ID }, principal: principalFor(a.id) }));
    const list = await sg.request(LIST, { principal: principalFor(a.id) });
    expect(list.data!.accessControlPolicies).toMatchObject({ totalCount: 1, edges: [{ node: { name: 'A policy' } }] });
  });

  it("cannot update or delete another tenant's policy: NOT_FOUND, row untouched", async () => {
    expect(code(await sg.request(UPDATE, { variables: { input: { id: bPolicy.id, enabled: false } }, principal: principalFor(a.id) }))).toBe('NOT_FOUND');
    expect(code(await sg.request(DELETE, { variables: { input: { id: bPolicy.id } }, principal: principalFor(a.id) }))).toBe('NOT_FOUND');
    const [row] = await sql<{ enabled: boolean }>(db.ownerUrl, 'SELECT enabled FROM identity.access_control_policies WHERE id = $1', [bPolicy.id]);
    expect(row.enabled).toBe(true);
  });
});

describe('access-control policy writes', () => {
  it('stores a valid definition as given, enabled by default; updates and deletes', async () => {
    const policy = await createPolicy(a.id, 'Sales own leads');
    expect(policy).toMatchObject({ enabled: true, policyDefinition: SALES_OWN_LEADS });
    const nested = { effect: 'deny', permissions: ['crm.*'], when: { any: [{ 'principal.kind': { eq: 'api_key' } }, { not: { 'resource.type': { in: ['crm.lead'] } } }] } };
    const upd = await sg.request(UPDATE, { variables: { input: { id: policy.id, enabled: false, policyDefinition: nested } }, principal: principalFor(a.id) });
    expect(upd.data!.updateAccessControlPolicy.accessControlPolicy).toMatchObject({ enabled: false, policyDefinition: nested });
    const del = await sg.request(DELETE, { variables: { input: { id: policy.id } }, principal: principalFor(a.id) });
    expect(del.data).toEqual({ deleteAccessControlPolicy: { deletedAccessControlPolicyId: policy.id } });
  });

  it('refuses an invalid definition with BAD_USER_INPUT naming every problem, and writes nothing', async () => {
    const definition = {
      effect: 'allow',
      permissions: [],
      when: { 'principal.roles': { equals: 'sales' }, 'principal.mood': { eq: 'happy' }, 'principal.kind': { eq: 'robot' } },
      extra: true,
    };
    const res = await sg.request(CREATE, { variables: { input: { name: 'bad', policyDefinition: definition } }, principal: principalFor(a.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'policyDefinition.effect',
      'policyDefinition.extra',
      'policyDefinition.permissions',
      'policyDefinition.when.principal.kind.eq',
      'policyDefinition.when.principal.mood',
      'policyDefinition.when.principal.roles.equals',
    ]);
    const rows = await sql(db.ownerUrl, `SELECT 1 FROM identity.access_control_policies WHERE name = 'bad'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses permission names that are not in the catalog', async () => {
    const res = await sg.request(CREATE, { variables: { input: { name: 'typo', policyDefinition: { effect: 'deny', permissions: ['crm.leads.delete'] } } }, principal: principalFor(a.id) });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDefinition.permissions' });
  });

  it('needs identity.policy.write to write and identity.policy.read to read', async () => {
    const res = await sg.request(CREATE, { variables: { input: { name: 'x', policyDefinition: SALES_OWN_LEADS } }, principal: principalFor(a.id, ['identity.policy.read']) });
    expect(code(res)).toBe('FORBIDDEN');
    expect(code(await sg.request(LIST, { principal: principalFor(a.id, ['identity.role.read']) }))).toBe('FORBIDDEN');
  });
});

describe('policyDefinitionProblems', () => {
  it('accepts the documented shapes', () => {
    expect(policyDefinitionProblems(SALES_OWN_LEADS)).toEqual([]);
    expect(policyDefinitionProblems({ effect: 'deny', permissions: ['*'] })).toEqual([]);
    expect(
      policyDefinitionProblems({
        effect: 'deny',
        permissions: ['billing.*'],
        when: { all: [{ 'principal.userId': { in: ['01900000-0000-7000-8000-000000000000'] } }, { 'principal.roles': { containsAny: ['a', 'b'] } }] },
      }),
    ).toEqual([]);
  });

  it('refuses non-objects, empty conditions, too deep nesting and oversized documents', () => {
    expect(policyDefinitionProblems([])).toEqual([{ path: 'policyDefinition', message: 'policyDefinition must be an object' }]);
    expect(policyDefinitionProblems({ effect: 'deny', permissions: ['x.y'], when: {} }).map((p) => p.path)).toEqual(['policyDefinition.when']);
    let deep: Record<string, unknown> = { 'principal.kind': { eq: 'user' } };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    expect(policyDefinitionProblems({ effect: 'deny', permissions: ['x.y'], when: deep })[0].message).toMatch(/nested too deeply/);
    expect(policyDefinitionProblems({ effect: 'deny', permissions: ['x'.repeat(20_000)] })[0].message).toMatch(/at most 16384 bytes/);
    expect(policyDefinitionProblems({ effect: 'deny', permissions: ['x.y'], when: { 'principal.userId': { eq: 'me' } } })[0].path).toBe('policyDefinition.when.principal.userId.eq');
  });
});
