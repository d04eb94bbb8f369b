import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let admin: string;
const CREATE_POLICY = `mutation($input: CreateAccessControlPolicyInput!) { createAccessControlPolicy(input: $input) { accessControlPolicy { id } } }`;
const DELETE_LEAD = `mutation($id: ID!) { deleteLead(input: { id: $id }) { deletedLeadId } }`;
const manager = acme.users.find((u) => u.role === 'manager')!;
const rep = acme.users.find((u) => u.role === 'user')!;

async function policy(name: string, policyDefinition: Record<string, unknown>) {
  const res = await sg.request(CREATE_POLICY, { token: admin, variables: { input: { name, policyDefinition } } });
  expect(res.errors).toBeUndefined();
  return res.data!.createAccessControlPolicy.accessControlPolicy.id as string;
}

async function leadFor(ownerId: string, name: string) {
  const [row] = await sql<{ id: string }>(
    db.ownerUrl,
    `INSERT INTO crm.leads (id, tenant_id, email, name, assigned_to) VALUES (gen_random_uuid(), $1, 'p@example.com', $2, $3) RETURNING id`,
    [acme.id, name, ownerId],
  );
  return row.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  admin = await sg.login('admin@acme.test');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('access-control policies narrow what roles grant', () => {
  it('a policy about the principal refuses a permission the role grants (even through a wildcard)', async () => {
    const leadId = await leadFor(manager.id, 'Kept by policy');
    const before = await sg.request(`{ __typename }`, { token: admin });
    expect(before.errors).toBeUndefined();
    await policy('No deleting for admins', { effect: 'deny', permissions: ['crm.lead.delete'], when: { 'principal.roles': { contains: 'admin' } } });
    const res = await sg.request(DELETE_LEAD, { token: admin, variables: { id: leadId } });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM crm.leads WHERE id = $1', [leadId])).toHaveLength(1);
    // The admin still holds crm.* otherwise.
    const write = await sg.request(`mutation($id: ID!) { updateLead(input: { id: $id, notes: "ok" }) { lead { notes } } }`, { token: admin, variables: { id: leadId } });
    expect(write.data!.updateLead.lead.notes).toBe('ok');
  });

  it('a policy about the record refuses only where it applies: users may change only leads they own', async () => {
    await policy('Own leads only', {
      effect: 'deny',
      permissions: ['crm.lead.write'],
      when: { 'principal.roles': { contains: 'manager' }, 'resource.ownedByPrincipal': { eq: false } },
    });
    const token = await sg.login('manager@acme.test');
    const own = await leadFor(manager.id, 'Manager owns this');
    const teams = await leadFor(rep.id, 'Rep owns this');
    const UPDATE = `mutation($id: ID!) { updateLead(input: { id: $id, notes: "changed" }) { lead { notes } } }`;
    const ok = await sg.request(UPDATE, { token, variables: { id: own } });
    expect(ok.data!.updateLead.lead.notes).toBe('changed');
    const refused = await sg.request(UPDATE, { token, variables: { id: teams } });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
    // The team's lead is still visible to the manager (team scope): the policy narrows the write only.
    const read = await sg.request(`query($id: ID!) { lead(id: $id) { name } }`, { token, variables: { id: teams } });
    expect(read.data!.lead).toEqual({ name: 'Rep owns this' });
  });

  it('a disabled policy applies to nobody', async () => {
    const id = await policy('Nobody creates', { effect: 'deny', permissions: ['crm.lead.write'] });
    const rejected = await sg.request(`mutation { createLead(input: { email: "x@example.com", name: "X" }) { lead { id } } }`, { token: admin });
    expect(rejected.errors![0].extensions!.code).toBe('FORBIDDEN');
    await sg.request(`mutation($id: ID!) { updateAccessControlPolicy(input: { id: $id, enabled: false }) { accessControlPolicy { id } } }`, { token: admin, variables: { id } });
    const allowed = await sg.request(`mutation { createLead(input: { email: "y@example.com", name: "Y" }) { lead { id } } }`, { token: admin });
    expect(allowed.errors).toBeUndefined();
  });
});

