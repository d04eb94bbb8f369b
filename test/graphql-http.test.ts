import { serverAudits, type AuditResult } from 'graphql-http';
import { createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let signedIn: AuditResult[];
let anonymous: AuditResult[];

async function audit(headers: Record<string, string> = {}): Promise<AuditResult[]> {
  const fetchFn = (input: string, init: RequestInit = {}) => {
    const all = new Headers(init.headers);
    for (const [name, value] of Object.entries(headers)) all.set(name, value);
    return fetch(input, { ...init, headers: all });
  };
  const results: AuditResult[] = [];
  for (const a of serverAudits({ url: sg.gateway.url, fetchFn })) results.push(await a.fn());
  return results;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  // A few audits select `__type`: introspection is for signed-in people (gateway/src/limits.ts).
  signedIn = await audit({ authorization: `Bearer ${await sg.login('user@acme.test')}` });
  anonymous = await audit();
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

const describeFailure = (r: AuditResult) => `${r.id} ${r.name}: ${r.status === 'ok' ? '' : r.reason}`;

/**
 * SHOULD-level audits the gateway fails on purpose. All three ask for HTTP 200 on a request
 * error when the client accepts only the legacy `application/json`; Apollo Server answers 400
 * (as the spec requires for `application/graphql-response+json`), and clients and the limit and
 * persisted-operation tests rely on that 400.
 */
const KNOWN_SHOULD_FAILURES = [
  '572B', // SHOULD use 200 status code on document parsing failure when accepting application/json
  'FDE2', // SHOULD use 200 status code on document validation failure when accepting application/json
  '7B9B', // SHOULD use a status code of 200 on variable coercion failure when accepting application/json
];

/** MUST audits whose query selects `__type`: an anonymous caller is refused (403 FORBIDDEN) by policy. */
const INTROSPECTING_MUST_AUDITS = [
  'BF61', // MUST accept utf-8 encoded request ({ __type(name: "Run🏃Swim🏊") { name } })
  '28B9', // MUST allow map {variables} parameter when accepting application/json (query Type($name) { __type(...) })
];

const failures = (results: AuditResult[], level: 'MUST' | 'SHOULD') => results.filter((r) => r.name.startsWith(level) && r.status !== 'ok');

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  it('ran the audits', () => {
    expect(signedIn.length).toBeGreaterThan(30);
    expect(signedIn.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  it('passes every MUST audit for a signed-in caller', () => {
    expect(failures(signedIn, 'MUST').map(describeFailure)).toEqual([]);
  });

  it('fails no SHOULD audit besides the known, deliberate ones', () => {
    expect(failures(signedIn, 'SHOULD').filter((r) => !KNOWN_SHOULD_FAILURES.includes(r.id)).map(describeFailure)).toEqual([]);
  });

  it('for an anonymous caller, fails only the MUST audits that introspect, with 403', () => {
    const failed = failures(anonymous, 'MUST');
    expect(failed.filter((r) => !INTROSPECTING_MUST_AUDITS.includes(r.id)).map(describeFailure)).toEqual([]);
    for (const r of failed) expect({ id: r.id, status: r.status === 'ok' ? 200 : r.response?.status }).toEqual({ id: r.id, status: 403 });
  });
});
