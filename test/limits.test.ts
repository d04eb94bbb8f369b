import { readFileSync } from 'node:fs';
import { buildASTSchema, getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { operationCost } from '../gateway/src/limits';
import { SUPERGRAPH_PATH } from '../scripts/src/compose';
import { createTestDatabase, type TestDatabase } from '@leadgraph/shared/testing';
import { acme, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let admin: string;
let apiKey: string;

// Small limits, so that documents just over and just under each one stay readable. MAX_TOKENS
// and MAX_BODY_BYTES keep their defaults (2000 tokens, 100 kB): the explorer's introspection
// query must pass those.
const LIMITS = { MAX_DEPTH: '4', MAX_ALIASES: '5', MAX_DIRECTIVES: '3', MAX_COST: '500' };

/** Statements the subgraphs behind the data ran (identity also answers who a credential is). */
const subgraphStatements = () =>
  Object.values(sg.subgraphs)
    .filter((s) => s.name !== 'identity')
    .reduce((sum, s) => sum + s.counter.count, 0);
const resetCounters = () => Object.values(sg.subgraphs).forEach((s) => s.counter.reset());

/** The request is refused for `limit` with a 400, and no subgraph behind the data saw it. */
async function expectRefused(query: string, limit: Record<string, unknown>, opts: Parameters<TestSupergraph['request']>[1] = { token: admin }) {
  resetCounters();
  const res = await sg.request(query, opts);
  expect({ status: res.status, data: res.data, errors: res.errors }).toEqual({
    status: 400,
    data: undefined,
    errors: [{ message: expect.stringContaining(`the limit is ${limit.max}`), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit } }],
  });
  expect(subgraphStatements()).toBe(0);
  return res.errors![0].message;
}

/** The request runs: data, no errors, and it did reach the subgraphs. */
async function expectAllowed(query: string, opts: Parameters<TestSupergraph['request']>[1] = { token: admin }) {
  resetCounters();
  const res = await sg.request(query, opts);
  expect({ status: res.status, errors: res.errors }).toEqual({ status: 200, errors: undefined });
  expect(subgraphStatements()).toBeGreaterThan(0);
  return res.data!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db, { env: LIMITS });
  admin = await sg.login('admin@acme.test');
  const created = await sg.request(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
    token: admin,
    variables: { input: { name: 'limits', scopes: ['crm.lead.read', 'crm.data.view_all'] } },
  });
  apiKey = created.data!.createApiKey.secret;
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('depth', () => {
  it('refuses a document nested deeper than MAX_DEPTH, fragments counted where they are spread', async () => {
    // leads > edges > node > assignedTo > email: 5 levels.
    const message = await expectRefused(`{ leads(first: 1) { edges { node { assignedTo { email } } } } }`, { name: 'depth', max: 4, found: 5 });
    expect(message).toBe('Query is nested too deep: 5 levels, the limit is 4');
    await expectRefused(`{ leads(first: 1) { ...Page } } fragment Page on LeadConnection { edges { node { ... on Lead { assignedTo { email } } } } }`, {
      name: 'depth',
      max: 4,
      found: 5,
    });
  });

  it('allows MAX_DEPTH levels, also through fragments (a spread is no level of its own)', async () => {
    expect((await expectAllowed(`{ leads(first: 1) { edges { node { name } } } }`)).leads.edges).toHaveLength(1);
    await expectAllowed(`{ leads(first: 1) { ...Page } } fragment Page on LeadConnection { edges { ... on LeadEdge { node { ...Name } } } } fragment Name on Lead { name }`);
  });
});

describe('aliases', () => {
  const typenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;

  it('refuses more than MAX_ALIASES, __typename aliases included, also when a fragment repeats them', async () => {
    await expectRefused(typenames(6), { name: 'aliases', max: 5, found: 6 });
    await expectRefused(typenames(100), { name: 'aliases', max: 5, found: 100 }, {});
    await expectRefused(`{ ...Three a: leads(first: 1) { totalCount } ... on Query { ...Three } } fragment Three on Query { x: __typename y: __typename z: __typename }`, {
      name: 'aliases',
      max: 5,
      found: 7,
    });
  });

  it('allows MAX_ALIASES', async () => {
    const data = await expectAllowed(`{ a: leads(first: 1) { totalCount } b: leads(first: 2) { totalCount } t1: __typename t2: __typename t3: __typename }`);
    expect(data).toEqual({ a: { totalCount: 4 }, b: { totalCount: 4 }, t1: 'Query', t2: 'Query', t3: 'Query' });
  });
});

describe('directives', () => {
  it('refuses more than MAX_DIRECTIVES in an operation, fragments included', async () => {
    await expectRefused(`{ leads(first: 1) @include(if: true) { totalCount @include(if: true) edges @skip(if: false) { node @include(if: true) { name } } } }`, {
      name: 'directives',
      max: 3,
      found: 4,
    });
    await expectRefused(`{ leads(first: 1) { ...A ...A } } fragment A on LeadConnection { totalCount @include(if: true) pageInfo @include(if: true) { hasNextPage } }`, {
      name: 'directives',
      max: 3,
      found: 4,
    });
  });

  it('allows MAX_DIRECTIVES', async () => {
    const data = await expectAllowed(`{ leads(first: 1) @include(if: true) { totalCount @include(if: true) edges @skip(if: true) { cursor } } }`);
    expect(data.leads).toEqual({ totalCount: 4 });
  });
});

describe('tokens', () => {
  /** A document of exactly `tokens` tokens: 23 around a list of numbers (commas are no tokens). */
  const ofTokens = (tokens: number) =>
    `{ leads(first: 1, filter: { leadScore: { in: [${Array.from({ length: tokens - 23 }, (_, i) => i % 101).join(', ')}] } }) { totalCount } }`;

  it('refuses a document of more than MAX_TOKENS tokens before parsing it', async () => {
    const message = await expectRefused(ofTokens(2001), { name: 'tokens', max: 2000 });
    expect(message).toBe('Query is too long: the limit is 2000 tokens');
  });

  it('allows MAX_TOKENS, and still reports a syntax error as one (400, not 500)', async () => {
    expect((await expectAllowed(ofTokens(2000))).leads.totalCount).toBe(4);
    const res = await sg.request(`{ leads(first: 1) { totalCount }`, { token: admin });
    expect({ status: res.status, code: res.errors![0].extensions!.code }).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  });
});

describe('cost', () => {
  // 1 (leads) + page × (1 edges + 1 node + 4 fields) = 1 + 6 × page.
  const LEADS = `query Leads($n: Int) { leads(first: $n) { edges { node { id name email company } } } }`;

  it('refuses an operation costing more than MAX_COST, the page size read from the document or the variables', async () => {
    const message = await expectRefused(`{ leads(first: 100) { edges { node { id name email company } } } }`, { name: 'cost', max: 500, found: 601 });
    expect(message).toMatch(/^Query is too expensive: it costs 601, the limit is 500 \(/);
    await expectRefused(LEADS, { name: 'cost', max: 500, found: 601 }, { token: admin, variables: { n: 100 } });
    // No `first`: a full page of 100.
    await expectRefused(LEADS, { name: 'cost', max: 500, found: 601 }, { token: admin });
    // A list without `first` (User.roles) counts as a page of 100: 2 + 2 × (1 + 1 + 100 × 3).
    await expectRefused(`{ leads(first: 1) { totalCount } a: me { roles { id name permissions } } b: me { roles { id name permissions } } }`, {
      name: 'cost',
      max: 500,
      found: 606,
    });
  });

  it('allows an operation within MAX_COST', async () => {
    const data = await expectAllowed(LEADS, { token: admin, variables: { n: 50 } });
    expect(data.leads.edges).toHaveLength(4);
    await expectAllowed(`{ leads(first: 83) { edges { node { id name email company } } } }`); // 499
  });

  it('counts every field 1 and multiplies lists and connections by their page size', () => {
    const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
    const cost = (query: string, variables?: Record<string, unknown>) => {
      const document = parse(query);
      return operationCost(schema, document, document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode, variables);
    };
    expect(cost(`{ __typename me { id } }`)).toBe(1 + 2);
    expect(cost(`{ leads(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { name } } } }`)).toBe(1 + 10 * (1 + 2 + (1 + 1 + 2)));
    expect(cost(`{ leads(last: 7) { edges { node { name } } } }`)).toBe(1 + 7 * 3);
    expect(cost(`query($n: Int = 3) { leads(first: $n) { edges { node { name } } } }`)).toBe(1 + 3 * 3);
    expect(cost(`query($n: Int = 3) { leads(first: $n) { edges { node { name } } } }`, { n: 9 })).toBe(1 + 9 * 3);
    // A fragment costs where it is spread, each time.
    expect(cost(`{ a: leads(first: 2) { ...E } b: leads(first: 4) { ...E } } fragment E on LeadConnection { edges { node { name } } }`)).toBe(1 + 2 * 3 + 1 + 4 * 3);
    // Introspection is answered by the gateway: flat 1 (graphql-js bounds its nesting).
    expect(cost(getIntrospectionQuery())).toBe(1);
  });
});

describe('body size', () => {
  // A comment pads the document without adding a token.
  const padded = (bytes: number) => `# ${'x'.repeat(bytes)}\n{ leads(first: 1) { totalCount } }`;

  it('refuses a body over MAX_BODY_BYTES (413) before any subgraph', async () => {
    resetCounters();
    const res = await fetch(sg.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: padded(102_400) }),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 413,
      body: { errors: [{ message: 'The request body is larger than 102400 bytes', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(subgraphStatements()).toBe(0);
  });

  it('takes one under it', async () => {
    expect((await expectAllowed(padded(100_000))).leads.totalCount).toBe(4);
  });
});

describe('introspection and suggestions', () => {
  const SCHEMA = `{ __schema { queryType { name } } }`;
  const asKey = () => ({ headers: { authorization: `Bearer ${apiKey}` } });

  it('refuses introspection to API keys and anonymous callers (FORBIDDEN), however it is spelt', async () => {
    for (const query of [SCHEMA, `{ __type(name: "Lead") { name } }`, `{ ...Q } fragment Q on Query { ... on Query { __schema { types { name } } } }`]) {
      for (const opts of [asKey(), {}]) {
        const res = await sg.request(query, opts);
        expect({ status: res.status, data: res.data, error: res.errors?.[0] }).toEqual({
          status: 403,
          data: undefined,
          error: { message: expect.stringContaining('Introspection'), extensions: { code: 'FORBIDDEN' } },
        });
      }
    }
  });

  it('keeps __typename for everyone', async () => {
    expect((await sg.request(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
    expect((await sg.request(`{ __typename }`, asKey())).data).toEqual({ __typename: 'Query' });
  });

  it('lets signed-in users and support staff introspect: the explorer works under the default token limit', async () => {
    const full = await sg.request(getIntrospectionQuery(), { token: admin });
    expect(full.errors).toBeUndefined();
    expect(full.data!.__schema.types.map((t: { name: string }) => t.name)).toContain('Lead');
    const support = await sg.login('support@leadgraph.test');
    const res = await sg.request(SCHEMA, { token: support, headers: { 'x-support-tenant': acme.id } });
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('shows no "Did you mean" to callers who cannot introspect, and keeps it for signed-in users', async () => {
    const misspelt = `{ leads(first: 1) { edges { node { nme } } } }`;
    const badEnum = `{ leads(first: 1, orderBy: [{ field: CREATED, direction: DESC }]) { totalCount } }`;
    const badVariable = [`query($f: LeadFilter) { leads(first: 1, filter: $f) { totalCount } }`, { f: { nme: { eq: 'x' } } }] as const;
    for (const opts of [asKey(), {}]) {
      const field = await sg.request(misspelt, opts);
      expect(field.errors).toEqual([{ message: 'Cannot query field "nme" on type "Lead".', locations: expect.any(Array), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
      const value = await sg.request(badEnum, opts);
      expect(value.errors![0].message).toBe('Value "CREATED" does not exist in "LeadOrderField" enum.');
      const variable = await sg.request(badVariable[0], { ...opts, variables: badVariable[1] });
      expect(variable.errors![0].message).toMatch(/^Variable "\$f" got invalid value .*"nme" is not defined by type "LeadFilter"\.$/);
    }
    const forUser = await sg.request(misspelt, { token: admin });
    expect(forUser.errors![0].message).toBe('Cannot query field "nme" on type "Lead". Did you mean "name"?');
  });
});
