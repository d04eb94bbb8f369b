import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildASTSchema, parse, validate } from 'graphql';
import { gatewayConfig } from '@leadgraph/gateway';
import { createTestDatabase, TEST_INTERNAL_SECRET, type TestDatabase } from '@leadgraph/shared/testing';
import { loadTrustedDocuments, persistedOperations, sha256Hex } from '../gateway/src/persisted';
import { SUPERGRAPH_PATH } from '../scripts/src/compose';
import { seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let admin: string;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const MANIFEST_DIR = path.resolve(__dirname, '..', 'gateway', 'trusted-documents');
const manifest = JSON.parse(readFileSync(path.join(MANIFEST_DIR, 'partner-example.json'), 'utf8')) as {
  operations: { id: string; name: string; type: string; body: string }[];
};
const operation = (name: string) => manifest.operations.find((o) => o.name === name)!;
const LEADS = operation('PartnerLeads');
const LEAD = operation('PartnerLead');

/** A raw POST: the body as given (hash-only requests have no `query`). */
async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(sg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
}
const persisted = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const crmStatements = () => sg.subgraphs.crm.counter.count;

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id trustedDocuments } secret } }`;
async function createKey(trustedDocuments?: string | null) {
  const res = await sg.request(CREATE, {
    token: admin,
    variables: { input: { name: `partner ${trustedDocuments ?? 'any'}`, scopes: ['crm.lead.read', 'crm.data.view_all'], trustedDocuments } },
  });
  if (!res.data?.createApiKey) throw new Error(`createApiKey failed: ${JSON.stringify(res.errors)}`);
  return res.data.createApiKey as { apiKey: { id: string; trustedDocuments: string | null }; secret: string };
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

describe('automatic persisted queries', () => {
  const QUERY = `query ApqLeads { leads(first: 2) { totalCount edges { node { name } } } }`;
  const HASH = sha256Hex(QUERY);

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers query + hash, then runs the hash alone', async () => {
    sg.subgraphs.crm.counter.reset();
    const unknown = await post(persisted(HASH), bearer(admin));
    expect(unknown).toEqual({ status: 200, errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    expect(crmStatements()).toBe(0);

    const registered = await post({ query: QUERY, ...persisted(HASH) }, bearer(admin));
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.leads.totalCount).toBe(4);

    const byHash = await post(persisted(HASH), bearer(admin));
    expect(byHash).toEqual({ status: 200, data: registered.data });
  });

  it('refuses a query whose hash does not match, with a message that says so', async () => {
    const res = await post({ query: QUERY, ...persisted('0'.repeat(64)) }, bearer(admin));
    expect(res).toEqual({ status: 400, errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('can be switched off (APQ_ENABLED=false): nothing registers, trusted documents still run by hash', async () => {
    const config = (env: Record<string, string>) => gatewayConfig({ INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET, ...env });
    const off = persistedOperations(config({ APQ_ENABLED: 'false' }), quiet).persistedQueries;
    if (!off) throw new Error('trusted documents need the persisted-query lookup');
    await off.cache!.set(`apq:${HASH}`, QUERY);
    expect(await off.cache!.get(`apq:${HASH}`)).toBeUndefined();
    expect(await off.cache!.get(`apq:${LEADS.id}`)).toBe(LEADS.body);

    const empty = mkdtempSync(path.join(tmpdir(), 'trusted-'));
    try {
      expect(persistedOperations(config({ APQ_ENABLED: 'false', TRUSTED_DOCUMENTS_DIR: empty }), quiet).persistedQueries).toBe(false);
      const on = persistedOperations(config({ TRUSTED_DOCUMENTS_DIR: empty }), quiet).persistedQueries;
      if (!on) throw new Error('APQ is on by default');
      await on.cache!.set(`apq:${HASH}`, QUERY);
      expect(await on.cache!.get(`apq:${HASH}`)).toBe(QUERY);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('trusted documents', () => {
  it('ships partner-example: operations valid against the supergraph, each id the sha256 of its body', () => {
    const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
    expect(manifest.operations.map((o) => o.name).sort()).toEqual(['PartnerLead', 'PartnerLeads']);
    for (const op of manifest.operations) {
      expect({ name: op.name, errors: validate(schema, parse(op.body)).map((e) => e.message) }).toEqual({ name: op.name, errors: [] });
      expect(op.id).toBe(sha256Hex(op.body));
    }
    expect([...loadTrustedDocuments(MANIFEST_DIR, quiet).get('partner-example')!.operations.keys()].sort()).toEqual([LEAD.id, LEADS.id].sort());
  });

  it('refuses to start with a manifest whose id is not the hash of its body', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
    try {
      const op = { id: sha256Hex('{ leads { totalCount } }'), name: 'X', type: 'query', body: '{ me { id } }' };
      writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [op] }));
      expect(() => loadTrustedDocuments(dir, quiet)).toThrow(/bad\.json: operations\[0\] \(X\): id is not the sha256 of its body/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('lets a key restricted to partner-example run its operations by hash or as exact text', async () => {
    const { apiKey, secret } = await createKey('partner-example');
    expect(apiKey.trustedDocuments).toBe('partner-example');

    const page = await post({ ...persisted(LEADS.id), variables: { first: 2 } }, bearer(secret));
    expect(page.errors).toBeUndefined();
    expect(page.data!.leads).toMatchObject({ totalCount: 4, edges: [expect.anything(), expect.anything()] });

    const id = page.data!.leads.edges[0].node.id;
    const one = await post({ query: LEAD.body, variables: { id } }, { 'x-api-key': secret });
    expect(one.errors).toBeUndefined();
    expect(one.data!.lead).toMatchObject({ id, name: page.data!.leads.edges[0].node.name });
  });

  it('refuses that key anything else (FORBIDDEN) before any subgraph is called', async () => {
    const { secret } = await createKey('partner-example');
    const other = `{ leads(first: 1) { totalCount } }`;
    const refused = [
      { query: other },
      // The manifest's text, reformatted: another document, another hash.
      { query: LEAD.body.replace(/\n\s*/g, ' '), variables: { id: '00000000-0000-0000-0000-000000000000' } },
      // Registering a document by APQ does not put it into the manifest.
      { query: other, ...persisted(sha256Hex(other)) },
    ];
    for (const body of refused) {
      sg.subgraphs.crm.counter.reset();
      const res = await post(body, bearer(secret));
      expect({ status: res.status, data: res.data, errors: res.errors }).toEqual({
        status: 403,
        data: undefined,
        errors: [{ message: expect.stringContaining('may only run the operations of the trusted documents "partner-example"'), extensions: { code: 'FORBIDDEN' } }],
      });
      expect(crmStatements()).toBe(0);
    }
    expect((await post(persisted(sha256Hex(other)), bearer(admin))).errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses everything to a key restricted to a manifest the gateway does not have', async () => {
    const { secret } = await createKey('no-such-manifest');
    sg.subgraphs.crm.counter.reset();
    const res = await post({ ...persisted(LEADS.id), variables: { first: 2 } }, bearer(secret));
    expect({ status: res.status, errors: res.errors }).toEqual({
      status: 403,
      errors: [{ message: 'This API key may only run the trusted documents "no-such-manifest", which this gateway does not have', extensions: { code: 'FORBIDDEN' } }],
    });
    expect(crmStatements()).toBe(0);
  });

  it('lets an unrestricted key run anything its scopes allow, trusted documents by hash too', async () => {
    const { apiKey, secret } = await createKey();
    expect(apiKey.trustedDocuments).toBeNull();
    expect((await post({ query: `{ leads(first: 1) { totalCount } }` }, bearer(secret))).data).toEqual({ leads: { totalCount: 4 } });
    expect((await post({ ...persisted(LEADS.id), variables: { first: 1 } }, bearer(secret))).data!.leads.totalCount).toBe(4);
    // ...and still nothing outside its scopes.
    const write = await post({ query: `mutation { createLead(input: { email: "k@example.com", name: "K" }) { lead { id } } }` }, bearer(secret));
    expect(write.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('keeps the restriction when the key is rotated', async () => {
    const { apiKey } = await createKey('partner-example');
    const rotated = await sg.request(`mutation($id: ID!) { rotateApiKey(input: { id: $id }) { apiKey { trustedDocuments } secret } }`, {
      token: admin,
      variables: { id: apiKey.id },
    });
    expect(rotated.data!.rotateApiKey.apiKey.trustedDocuments).toBe('partner-example');
    const res = await post({ query: `{ leads(first: 1) { totalCount } }` }, bearer(rotated.data!.rotateApiKey.secret));
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('validates the manifest name at createApiKey (BAD_USER_INPUT naming trustedDocuments)', async () => {
    for (const name of ['Partner_Example', '-partner', 'a'.repeat(101), '../etc/passwd', '']) {
      const res = await sg.request(CREATE, { token: admin, variables: { input: { name: 'bad', scopes: ['crm.lead.read'], trustedDocuments: name } } });
      expect({ name, code: res.errors?.[0].extensions?.code, fields: res.errors?.[0].extensions?.fields }).toEqual({
        name,
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ path: 'trustedDocuments' })],
      });
    }
  });
});
