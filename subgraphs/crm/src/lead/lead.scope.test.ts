import { DATA_SCOPE, newId, type Principal } from '@leadgraph/shared';
import { ENTITIES_QUERY, createTenant, createTestDatabase, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { crm } from '@leadgraph/crm';

let db: TestDatabase;
let sg: TestSubgraph;
let tenantId: string;
const people = { rep: newId(), peer: newId(), manager: newId(), outsider: newId() };
const leads: Record<string, string> = {};

const LEADS = `{ leads(first: 50, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }`;
const LEAD = `query($id: ID!) { lead(id: $id) { name } }`;
const UPDATE = `mutation($input: UpdateLeadInput!) { updateLead(input: $input) { lead { notes } } }`;
const DELETE = `mutation($input: DeleteLeadInput!) { deleteLead(input: $input) { deletedLeadId } }`;

const as = (userId: string, scope: string | null, teamUserIds: string[] = []): Principal => ({
  kind: 'user',
  userId,
  tenantId,
  roles: [],
  permissions: ['crm.lead.read', 'crm.lead.write', 'crm.lead.delete', ...(scope ? [scope] : [])],
  teamUserIds,
});
const names = async (principal: Principal) => (await sg.request(LEADS, { principal })).data!.leads.edges.map((e: any) => e.node.name);

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, crm);
  tenantId = (await createTenant(db, 'Scopes')).id;
  const rows: [string, string | null, string | null][] = [
    ['assigned to rep', people.rep, null],
    ['created by rep', null, people.rep],
    ['assigned to peer', people.peer, null],
    ['assigned to outsider', people.outsider, null],
    ['unassigned', null, null],
  ];
  for (const [name, assignedTo, createdBy] of rows) {
    leads[name] = newId();
    await sql(db.ownerUrl, `INSERT INTO crm.leads (id, tenant_id, email, name, assigned_to, created_by) VALUES ($1, $2, 'x@example.com', $3, $4, $5)`, [
      leads[name], tenantId, name, assignedTo, createdBy,
    ]);
  }
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('lead data scopes (own / team / all)', () => {
  it('own: only leads assigned to or created by the caller', async () => {
    expect(await names(as(people.rep, DATA_SCOPE.own))).toEqual(['assigned to rep', 'created by rep']);
  });

  it('own is also what a principal without any scope permission gets (deny by default)', async () => {
    expect(await names(as(people.rep, null))).toEqual(['assigned to rep', 'created by rep']);
  });

  it("team: the caller's and their reports' leads", async () => {
    expect(await names(as(people.manager, DATA_SCOPE.team, [people.rep, people.peer]))).toEqual([
      'assigned to peer',
      'assigned to rep',
      'created by rep',
    ]);
  });

  it('all: every lead of the tenant', async () => {
    expect(await names(as(people.rep, DATA_SCOPE.all))).toHaveLength(5);
  });

  it("makes a colleague's lead look missing by id, by reference, and to update and delete", async () => {
    const rep = as(people.rep, DATA_SCOPE.own);
    const id = leads['assigned to peer'];
    expect((await sg.request(LEAD, { variables: { id }, principal: rep })).data).toEqual({ lead: null });
    const ref = await sg.request(ENTITIES_QUERY('... on Lead { name }'), { variables: { representations: [{ __typename: 'Lead', id }] }, principal: rep });
    expect(ref.data).toEqual({ _entities: [null] });
    const upd = await sg.request(UPDATE, { variables: { input: { id, notes: 'mine now' } }, principal: rep });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    const del = await sg.request(DELETE, { variables: { input: { id } }, principal: rep });
    expect(del.errors![0].extensions!.code).toBe('NOT_FOUND');
    const [row] = await sql<{ notes: string | null }>(db.ownerUrl, 'SELECT notes FROM crm.leads WHERE id = $1', [id]);
    expect(row.notes).toBeNull();
  });

  it('lets the owner and a manager of the team update the lead', async () => {
    const id = leads['assigned to rep'];
    const byRep = await sg.request(UPDATE, { variables: { input: { id, notes: 'rep' } }, principal: as(people.rep, DATA_SCOPE.own) });
    expect(byRep.data!.updateLead.lead.notes).toBe('rep');
    const byManager = await sg.request(UPDATE, { variables: { input: { id, notes: 'manager' } }, principal: as(people.manager, DATA_SCOPE.team, [people.rep]) });
    expect(byManager.data!.updateLead.lead.notes).toBe('manager');
  });
});
