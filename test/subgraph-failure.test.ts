import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { DEMO, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  token = await sg.login('admin@acme.test');
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

// identity answers `me`, crm answers `lead` (nullable: a failed crm leaves it null, not the whole answer).
const ME_AND_LEAD = `query MeAndLead($id: ID!) { me { email } lead(id: $id) { name } }`;
const LEAD_ID = DEMO.id('acme:lead:0');

/** What must never reach a client: where the subgraphs are, why the socket failed, a stack. */
const expectNothingInternal = (res: unknown) =>
  expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost|https?:|ECONN|timed out|stack|subgraph|serviceName|crm/i);

/** A subgraph that accepts connections and reads requests but never answers. */
async function startHangingServer(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = http.createServer((req) => {
    received += 1;
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('every subgraph up', () => {
  it('answers fields of identity and crm with no error', async () => {
    const res = await sg.request(ME_AND_LEAD, { token, variables: { id: LEAD_ID } });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { email: 'admin@acme.test' }, lead: { name: expect.any(String) } });
  });
});

describe('a subgraph that hangs', () => {
  it('is cut off after its own timeout: the other fields are answered, its field is null with a masked error', async () => {
    const hanging = await startHangingServer();
    try {
      const { request } = await sg.addGateway({ CRM_URL: hanging.url, CRM_TIMEOUT_MS: '300' });
      const started = Date.now();
      const res = await request(ME_AND_LEAD, { token, variables: { id: LEAD_ID } });
      const elapsed = Date.now() - started;

      expect(hanging.received()).toBeGreaterThanOrEqual(1);
      // The hanging subgraph would hold the request forever, the default timeout is 10 s.
      expect(elapsed).toBeLessThan(5_000);
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ me: { email: 'admin@acme.test' }, lead: null });
      expect(res.errors).toEqual([{ message: 'Internal server error', path: ['lead'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expectNothingInternal(res);
    } finally {
      await hanging.close();
    }
  });

  it('applies SUBGRAPH_TIMEOUT_MS to a subgraph without a timeout of its own', async () => {
    const hanging = await startHangingServer();
    try {
      const { request } = await sg.addGateway({ CRM_URL: hanging.url, SUBGRAPH_TIMEOUT_MS: '300' });
      const started = Date.now();
      const res = await request(ME_AND_LEAD, { token, variables: { id: LEAD_ID } });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.data).toEqual({ me: { email: 'admin@acme.test' }, lead: null });
      expect(res.errors).toEqual([{ message: 'Internal server error', path: ['lead'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    } finally {
      await hanging.close();
    }
  });
});

describe('a subgraph that is down', () => {
  // Last: it stops this file's crm.
  it('answers the fields of the subgraphs that are up and masks the failed ones, with HTTP 200', async () => {
    await sg.subgraphs.crm.stop();

    const res = await sg.request(ME_AND_LEAD, { token, variables: { id: LEAD_ID } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ me: { email: 'admin@acme.test' }, lead: null });
    expect(res.errors).toEqual([{ message: 'Internal server error', path: ['lead'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expectNothingInternal(res);

    // An entity from crm inside another subgraph's list: the list is there, the reference is null.
    const conversations = await sg.request(`{ conversations(first: 5) { edges { node { id lead { name } } } } }`, { token });
    expect(conversations.status).toBe(200);
    expect(conversations.data!.conversations.edges.length).toBeGreaterThan(0);
    for (const edge of conversations.data!.conversations.edges) expect(edge.node.lead).toBeNull();
    expect(conversations.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expectNothingInternal(conversations);
  });
});
