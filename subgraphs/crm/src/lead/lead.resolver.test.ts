import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { crm } from '@leadgraph/crm';

const CREATE = `mutation($input: CreateLeadInput!) { createLead(input: $input) { lead { id email name status leadScore assignedTo { id } } } }`;
const UPDATE = `mutation($input: UpdateLeadInput!) { updateLead(input: $input) { lead { id notes } } }`;
const DELETE = `mutation($input: DeleteLeadInput!) { deleteLead(input: $input) { deletedLeadId } }`;
const LEAD = `query($id: ID!) { lead(id: $id) { id email } }`;
const LEADS = `query($first: Int, $after: String, $filter: LeadFilter, $orderBy: [LeadOrder!]) {
  leads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id name leadScore } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

async function createLead(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createLead.lead as { id: string; email: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, crm);
  tenants.a = (await createTenant(db, 'A')).id;
  tenants.b = (await createTenant(db, 'B')).id;
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('lead tenant isolation', () => {
  let bLead: { id: string };
  beforeAll(async () => {
    await createLead(tenants.a, { email: 'a@example.com', name: 'A lead' });
    bLead = await createLead(tenants.b, { email: 'b@example.com', name: 'B lead', notes: 'secret' });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's lead by id: it looks missing", async () => {
    const other = await sg.request(LEAD, { variables: { id: bLead.id }, principal: asA() });
    const missing = await sg.request(LEAD, { variables: { id: '01900000-0000-7000-8000-000000000000' }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ lead: null });
  });

  it('lists only the caller tenant rows', async () => {
    const res = await sg.request(LEADS, { principal: asA() });
    expect(res.data!.leads.totalCount).toBe(1);
    expect(res.data!.leads.edges.map((e: any) => e.node.name)).toEqual(['A lead']);
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Lead { id email }'), {
      variables: { representations: [{ __typename: 'Lead', id: bLead.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update or delete another tenant's lead, and the refusal equals a missing id", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bLead.id, notes: 'pwned' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, {
      variables: { input: { id: '01900000-0000-7000-8000-000000000000', notes: 'x' } },
      principal: asA(),
    });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace('01900000-0000-7000-8000-000000000000', bLead.id));
    const del = await sg.request(DELETE, { variables: { input: { id: bLead.id } }, principal: asA() });
    expect(del.errors![0].extensions!.code).toBe('NOT_FOUND');
    const [row] = await sql<{ notes: string }>(db.ownerUrl, 'SELECT notes FROM crm.leads WHERE id = $1', [bLead.id]);
    expect(row.notes).toBe('secret');
  });
});

describe('lead permissions', () => {
  it('refuses createLead without crm.lead.write (FORBIDDEN) and writes nothing', async () => {
    const t = await createTenant(db, 'Perm');
    const res = await sg.request(CREATE, {
      variables: { input: { email: 'x@example.com', name: 'X' } },
      principal: principalFor(t.id, ['crm.lead.read']),
    });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const rows = await sql(db.ownerUrl, 'SELECT 1 FROM crm.leads WHERE tenant_id = $1', [t.id]);
    expect(rows).toHaveLength(0);
  });

  it('refuses reads to a principal without crm.lead.read', async () => {
    const t = await createTenant(db, 'NoRead');
    const res = await sg.request(LEADS, { principal: principalFor(t.id, ['podcasts.podcast.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('answers 401 to a request without the internal token, or with a forged one', async () => {
    const none = await sg.request(LEADS, { principal: null });
    expect(none.status).toBe(401);
    expect(none.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await sg.request(LEADS, { principal: null, headers: { 'x-internal-token': 'eyJhbGciOiJIUzI1NiJ9.e30.forged' } });
    expect(forged.status).toBe(401);
  });
});

describe('lead pagination, filter and order', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    for (let i = 0; i < 5; i++) await createLead(tenant, { email: `p${i}@example.com`, name: `P${i}`, leadScore: i * 20 });
  });

  it('walks pages with keyset cursors in the requested order', async () => {
    const principal = principalFor(tenant);
    const orderBy = [{ field: 'LEAD_SCORE', direction: 'DESC' }];
    const first = await sg.request(LEADS, { variables: { first: 2, orderBy }, principal });
    expect(first.data!.leads.edges.map((e: any) => e.node.leadScore)).toEqual([80, 60]);
    expect(first.data!.leads.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.leads.totalCount).toBe(5);
    const second = await sg.request(LEADS, { variables: { first: 2, after: first.data!.leads.pageInfo.endCursor, orderBy }, principal });
    expect(second.data!.leads.edges.map((e: any) => e.node.leadScore)).toEqual([40, 20]);
    const third = await sg.request(LEADS, { variables: { first: 2, after: second.data!.leads.pageInfo.endCursor, orderBy }, principal });
    expect(third.data!.leads.edges.map((e: any) => e.node.leadScore)).toEqual([0]);
    expect(third.data!.leads.pageInfo.hasNextPage).toBe(false);
  });

  it('filters with and/or/not', async () => {
    const res = await sg.request(LEADS, {
      variables: { filter: { or: [{ leadScore: { gte: 80 } }, { name: { eq: 'P0' } }], not: { email: { contains: 'p4' } } } },
      principal: principalFor(tenant),
    });
    expect(res.data!.leads.edges.map((e: any) => e.node.name)).toEqual(['P0']);
  });

  it('keeps microseconds in cursors: rows within one millisecond are neither skipped nor repeated', async () => {
    const t = await createTenant(db, 'Micro');
    for (const us of ['000100', '000200', '000300']) {
      await sql(db.ownerUrl, `INSERT INTO crm.leads (id, tenant_id, email, name, created_at) VALUES (gen_random_uuid(), $1, 'm@example.com', $2, $3)`, [
        t.id, `M${us}`, `2026-01-01 00:00:00.${us}+00`,
      ]);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await sg.request(LEADS, { variables: { first: 1, after, orderBy: [{ field: 'CREATED_AT', direction: 'ASC' }] }, principal: principalFor(t.id) });
      seen.push(...res.data!.leads.edges.map((e: any) => e.node.name));
      after = res.data!.leads.pageInfo.endCursor;
      if (!res.data!.leads.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(['M000100', 'M000200', 'M000300']);
  });

  it('pages backwards with last/before', async () => {
    const principal = principalFor(tenant);
    const orderBy = [{ field: 'LEAD_SCORE', direction: 'ASC' }];
    const end = await sg.request(`query($last: Int, $before: String, $orderBy: [LeadOrder!]) { leads(last: $last, before: $before, orderBy: $orderBy) { edges { node { leadScore } } pageInfo { hasPreviousPage startCursor } } }`, {
      variables: { last: 2, orderBy },
      principal,
    });
    expect(end.data!.leads.edges.map((e: any) => e.node.leadScore)).toEqual([60, 80]);
    expect(end.data!.leads.pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses a cursor from another order with BAD_USER_INPUT', async () => {
    const principal = principalFor(tenant);
    const page = await sg.request(LEADS, { variables: { first: 1 }, principal });
    const res = await sg.request(LEADS, {
      variables: { first: 1, after: page.data!.leads.pageInfo.endCursor, orderBy: [{ field: 'NAME' }] },
      principal,
    });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('lead input validation', () => {
  it('refuses null for a required field on update, and a malformed id in a filter', async () => {
    const t = await createTenant(db, 'Nulls');
    const lead = await createLead(t.id, { email: 'n@example.com', name: 'N' });
    const upd = await sg.request(UPDATE, { variables: { input: { id: lead.id, name: null } }, principal: principalFor(t.id) });
    expect(upd.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'name', message: 'name cannot be null' }] });
    const list = await sg.request(LEADS, { variables: { filter: { assignedToId: { eq: 'nope' } } }, principal: principalFor(t.id) });
    expect(list.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assignedToId' });
  });

  it.each([
    [{ email: 'not-an-email', name: 'X' }],
    [{ email: 'x@example.com', name: 'X', leadScore: 101 }],
    [{ email: 'x@example.com', name: 'X', assignedToId: "1' OR 1=1 --" }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j, and writes nothing', async (input) => {
    const t = await createTenant(db, 'Bad');
    const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM crm.leads WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });
});
