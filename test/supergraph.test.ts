import { mintInternalToken } from '@leadgraph/shared';
import { TEST_INTERNAL_SECRET, createTestDatabase, principalFor, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { SUBGRAPHS } from '../scripts/src/subgraphs';
import { DEMO, acme, globex, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let acmeAdmin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  acmeAdmin = await sg.login('admin@acme.test');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('every subgraph trusts only the internal token', () => {
  it.each(SUBGRAPHS.map((m) => [m.name] as const))('%s answers 401 without one, with a forged one, and with one for another subgraph', async (name) => {
    const subgraph = sg.subgraphs[name];
    const post = (headers: Record<string, string>) =>
      fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ __typename }' }) });
    const principal = principalFor(acme.id);
    const forged = mintInternalToken(principal, { secret: 'not-the-secret-but-long-enough-0123456789', audience: name });
    const otherAudience = mintInternalToken(principal, { secret: TEST_INTERNAL_SECRET, audience: name === 'crm' ? 'billing' : 'crm' });
    const attempts: Record<string, string>[] = [{}, { 'x-internal-token': forged }, { 'x-internal-token': otherAudience }, { authorization: `Bearer ${acmeAdmin}` }];
    for (const headers of attempts) {
      const res = await post(headers);
      expect({ headers: Object.keys(headers), status: res.status }).toEqual({ headers: Object.keys(headers), status: 401 });
    }
    const ok = await post({ 'x-internal-token': mintInternalToken(principal, { secret: TEST_INTERNAL_SECRET, audience: name }) });
    expect(ok.status).toBe(200);
  });
});

describe('references across subgraphs', () => {
  it('answers the flagship three-subgraph query', async () => {
    const res = await sg.request(
      `{ leads(first: 10, orderBy: [{ field: LEAD_SCORE, direction: DESC }]) { edges { node { name assignedTo { email } sourceResponse { totalScore assessment { title } } } } } }`,
      { token: acmeAdmin },
    );
    expect(res.errors).toBeUndefined();
    const top = res.data!.leads.edges[0].node;
    expect(top).toMatchObject({ name: 'Dana Whitfield', assignedTo: { email: expect.stringMatching(/@acme\.test$/) } });
    expect(top.sourceResponse.totalScore).toBeGreaterThan(0);
  });

  it("resolves Tenant.subscription (billing) on identity's tenant and Conversation.lead (crm)", async () => {
    const res = await sg.request(
      `{ me { tenant { name subscription { status tier { name } } } } conversations(first: 5) { edges { node { lead { id name } } } } }`,
      { token: acmeAdmin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.me.tenant).toEqual({ name: 'Acme', subscription: { status: 'ACTIVE', tier: { name: 'growth' } } });
    const leads = res.data!.conversations.edges.map((e: any) => e.node.lead).filter(Boolean);
    expect(leads).toEqual([{ id: DEMO.id('acme:lead:2'), name: 'Ines Duarte' }]);
  });

  it("shows nothing of another tenant through a reference: a lead pointing at Globex's user and response", async () => {
    const globexUser = globex.users[0].id;
    await sql(db.ownerUrl, `UPDATE crm.leads SET assigned_to = $1, response_id = $2 WHERE id = $3`, [
      globexUser,
      DEMO.id('globex:response:0'),
      DEMO.id('acme:lead:3'),
    ]);
    const res = await sg.request(`query($id: ID!) { lead(id: $id) { name assignedTo { email } sourceResponse { totalScore } } }`, {
      token: acmeAdmin,
      variables: { id: DEMO.id('acme:lead:3') },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.lead).toEqual({ name: 'Tom Becker', assignedTo: null, sourceResponse: null });
  });

  it("returns null for another tenant's rows by id in every subgraph", async () => {
    const res = await sg.request(
      `query($lead: ID!, $response: ID!, $podcast: ID!, $conversation: ID!, $user: ID!) {
        lead(id: $lead) { id } response(id: $response) { id } podcast(id: $podcast) { id }
        conversation(id: $conversation) { id } user(id: $user) { id }
      }`,
      {
        token: acmeAdmin,
        variables: {
          lead: DEMO.id('globex:lead:0'),
          response: DEMO.id('globex:response:0'),
          podcast: DEMO.id('globex:podcast:0'),
          conversation: DEMO.id('globex:conversation:0'),
          user: globex.users[0].id,
        },
      },
    );
    expect(res).toMatchObject({ data: { lead: null, response: null, podcast: null, conversation: null, user: null } });
    expect(res.errors).toBeUndefined();
  });
});
