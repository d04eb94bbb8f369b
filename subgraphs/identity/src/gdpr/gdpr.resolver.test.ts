import { ANONYMOUS } from '@leadgraph/shared';
import { createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph, type TestTenant } from '@leadgraph/shared/testing';
import { identity } from '@leadgraph/identity';
import { ensureSigningKey } from '../auth/test-kit';
import { MISSING_ID, addMember, as, type Member } from '../role/role.test-kit';

ensureSigningKey();
let db: TestDatabase;
let sg: TestSubgraph;
let a: TestTenant;
let b: TestTenant;
let ann: Member;
let bob: Member;

const EXPORT = `mutation($input: RequestGdprInput!) { requestDataExport(input: $input) { gdprRequest { id requestType status notes user { id } } } }`;
const ERASE = `mutation($input: RequestGdprInput!) { requestErasure(input: $input) { gdprRequest { id requestType status } } }`;
const UPDATE = `mutation($input: UpdateGdprRequestInput!) { updateGdprRequest(input: $input) { gdprRequest { id status completedAt notes } } }`;
const ONE = `query($id: ID!) { gdprRequest(id: $id) { id } }`;
const LIST = `query($filter: GdprRequestFilter) { gdprRequests(first: 50, filter: $filter) { totalCount edges { node { id requestType status user { id } } } } }`;

const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  a = await createTenant(db, 'GdprA');
  b = await createTenant(db, 'GdprB');
  ann = await addMember(db, a, { level: 1, permissions: [] });
  bob = await addMember(db, b, { level: 1, permissions: [] });
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('requests by the data subject', () => {
  it('files an export request for the caller; asking again while it is open returns the same one', async () => {
    const first = await sg.request(EXPORT, { variables: { input: { notes: 'all of it' } }, principal: as(ann) });
    expect(first.data!.requestDataExport.gdprRequest).toMatchObject({ requestType: 'EXPORT', status: 'PENDING', notes: 'all of it', user: { id: ann.id } });
    const again = await sg.request(EXPORT, { variables: { input: {} }, principal: as(ann) });
    expect(again.data!.requestDataExport.gdprRequest.id).toBe(first.data!.requestDataExport.gdprRequest.id);
    const erase = await sg.request(ERASE, { variables: { input: {} }, principal: as(ann) });
    expect(erase.data!.requestErasure.gdprRequest).toMatchObject({ requestType: 'ERASURE', status: 'PENDING' });
  });

  it('refuses an anonymous caller', async () => {
    expect(code(await sg.request(EXPORT, { variables: { input: {} }, principal: ANONYMOUS }))).toBe('UNAUTHENTICATED');
  });
});

describe('processing requests', () => {
  it('lists only the tenant requests, moves one to completed, and refuses changing a closed one', async () => {
    const bReq = await sg.request(EXPORT, { variables: { input: {} }, principal: as(bob) });
    const bId = bReq.data!.requestDataExport.gdprRequest.id;
    const list = await sg.request(LIST, { variables: { filter: { requestType: { eq: 'EXPORT' } } }, principal: principalFor(a.id) });
    expect(list.data!.gdprRequests.edges.map((e: any) => e.node.user.id)).toEqual([ann.id]);
    const id = list.data!.gdprRequests.edges[0].node.id;

    const processing = await sg.request(UPDATE, { variables: { input: { id, status: 'PROCESSING' } }, principal: principalFor(a.id) });
    expect(processing.data!.updateGdprRequest.gdprRequest).toMatchObject({ status: 'PROCESSING', completedAt: null });
    const done = await sg.request(UPDATE, { variables: { input: { id, status: 'COMPLETED', notes: 'sent by mail' } }, principal: principalFor(a.id) });
    expect(done.data!.updateGdprRequest.gdprRequest).toMatchObject({ status: 'COMPLETED', notes: 'sent by mail' });
    expect(done.data!.updateGdprRequest.gdprRequest.completedAt).not.toBeNull();
    expect(code(await sg.request(UPDATE, { variables: { input: { id, status: 'PENDING' } }, principal: principalFor(a.id) }))).toBe('CONFLICT');

    // Once closed, a new request of the same kind is a new row.
    const fresh = await sg.request(EXPORT, { variables: { input: {} }, principal: as(ann) });
    expect(fresh.data!.requestDataExport.gdprRequest.id).not.toBe(id);

    expect(await sg.request(ONE, { variables: { id: bId }, principal: principalFor(a.id) })).toEqual(
      await sg.request(ONE, { variables: { id: MISSING_ID }, principal: principalFor(a.id) }),
    );
    expect(code(await sg.request(UPDATE, { variables: { input: { id: bId, status: 'REJECTED' } }, principal: principalFor(a.id) }))).toBe('NOT_FOUND');
    const [row] = await sql<{ status: string }>(db.ownerUrl, 'SELECT status FROM identity.gdpr_requests WHERE id = $1', [bId]);
    expect(row.status).toBe('pending');
  });

  it('needs identity.gdpr.read to list and identity.gdpr.write to update; refuses a null status', async () => {
    expect(code(await sg.request(LIST, { principal: principalFor(a.id, ['identity.user.read']) }))).toBe('FORBIDDEN');
    expect(code(await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, status: 'REJECTED' } }, principal: principalFor(a.id, ['identity.gdpr.read']) }))).toBe('FORBIDDEN');
    expect(code(await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, status: null } }, principal: principalFor(a.id) }))).toBe('BAD_USER_INPUT');
  });

  it('keeps the request when the user is erased (user becomes null)', async () => {
    const gone = await addMember(db, a, { level: 1, permissions: [] });
    const res = await sg.request(ERASE, { variables: { input: {} }, principal: as(gone) });
    const id = res.data!.requestErasure.gdprRequest.id;
    await sql(db.ownerUrl, 'DELETE FROM identity.user_roles WHERE user_id = $1', [gone.id]);
    await sql(db.ownerUrl, 'DELETE FROM identity.users WHERE id = $1', [gone.id]);
    const [row] = await sql<{ user_id: string | null; tenant_id: string }>(db.ownerUrl, 'SELECT user_id, tenant_id FROM identity.gdpr_requests WHERE id = $1', [id]);
    expect(row).toEqual({ user_id: null, tenant_id: a.id });
  });
});
