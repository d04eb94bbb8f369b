import { createTestDatabase, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, globex, seedTestDemo, DEMO } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;

const QUERY = `query($first: Int!) {
  leads(first: $first) { edges { node { name assignedTo { email } sourceResponse { totalScore } } } }
}`;

/** Gives `tenant` exactly `n` leads, assigned round-robin and linked to the scored responses. */
async function leadsFor(tenant: typeof acme, n: number) {
  await sql(db.ownerUrl, `DELETE FROM crm.leads WHERE tenant_id = $1`, [tenant.id]);
  for (let i = 0; i < n; i++) {
    await sql(
      db.ownerUrl,
      `INSERT INTO crm.leads (id, tenant_id, email, name, assigned_to, response_id) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`,
      [tenant.id, `lead${i}@example.com`, `Lead ${i}`, tenant.users[i % tenant.users.length].id, DEMO.id(`${tenant.slug}:response:${i % 2}`)],
    );
  }
}

/** Statements each subgraph sent to PostgreSQL while the gateway answered one request. */
async function statementsFor(token: string, first: number) {
  await sg.request(`{ __typename }`, { token });
  for (const s of Object.values(sg.subgraphs)) s.counter.reset();
  const res = await sg.request(QUERY, { token, variables: { first } });
  expect(res.errors).toBeUndefined();
  const edges = res.data!.leads.edges as { node: { assignedTo: { email: string } | null; sourceResponse: { totalScore: number } | null } }[];
  expect(edges.every((e) => e.node.assignedTo?.email && typeof e.node.sourceResponse?.totalScore === 'number')).toBe(true);
  return {
    leads: edges.length,
    crm: sg.subgraphs.crm.counter.count,
    identity: sg.subgraphs.identity.counter.count,
    assessments: sg.subgraphs.assessments.counter.count,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  await leadsFor(acme, 50);
  await leadsFor(globex, 5);
  // The principal lookup is cached as in production (5 s by default), so what is counted is the
  // query itself; each statementsFor() call warms the cache first.
  sg = await startSupergraph(db, { principalCacheTtlMs: 60_000 });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

it('costs a constant number of SQL statements per subgraph for 5 or 50 leads across three subgraphs', async () => {
  const small = await statementsFor(await sg.login('admin@globex.test'), 50);
  const large = await statementsFor(await sg.login('admin@acme.test'), 50);
  expect(small.leads).toBe(5);
  expect(large.leads).toBe(50);
  expect({ crm: large.crm, identity: large.identity, assessments: large.assessments }).toEqual({
    crm: small.crm,
    identity: small.identity,
    assessments: small.assessments,
  });
  // One transaction each: BEGIN, set_config, the query (the batched lookup), COMMIT.
  expect(large).toEqual({ leads: 50, crm: 4, identity: 4, assessments: 4 });
});
