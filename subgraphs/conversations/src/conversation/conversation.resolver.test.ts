import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { conversations } from '@leadgraph/conversations';
import { insertSocialAccount } from '../../test/support';

const CREATE = `mutation($input: CreateConversationInput!) {
  createConversation(input: $input) { conversation { id status messageCount participantName socialAccount { id } lead { id } } }
}`;
const UPDATE = `mutation($input: UpdateConversationInput!) { updateConversation(input: $input) { conversation { id status lead { id } } } }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id participantName } }`;
const CONVERSATIONS = `query($first: Int, $after: String, $filter: ConversationFilter, $orderBy: [ConversationOrder!]) {
  conversations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id participantName } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

async function createConversation(tenantId: string, input: Record<string, unknown>) {
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createConversation.conversation as { id: string; status: string; messageCount: number };
}

const conversationInput = (socialAccountId: string, n: number | string, extra: Record<string, unknown> = {}) => ({
  socialAccountId,
  platformConversationId: `thread-${n}`,
  participantId: `participant-${n}`,
  participantName: `Participant ${n}`,
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, conversations);
  tenants.a = (await createTenant(db, 'A')).id;
  tenants.b = (await createTenant(db, 'B')).id;
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('conversation tenant isolation', () => {
  let bAccount: string;
  let bConversation: { id: string };
  beforeAll(async () => {
    const aAccount = await insertSocialAccount(db, tenants.a);
    bAccount = await insertSocialAccount(db, tenants.b);
    await createConversation(tenants.a, conversationInput(aAccount, 'a'));
    bConversation = await createConversation(tenants.b, conversationInput(bAccount, 'b'));
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's conversation by id: it looks missing", async () => {
    const other = await sg.request(CONVERSATION, { variables: { id: bConversation.id }, principal: asA() });
    const missing = await sg.request(CONVERSATION, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ conversation: null });
  });

  it('lists only the caller tenant rows', async () => {
    const res = await sg.request(CONVERSATIONS, { principal: asA() });
    expect(res.data!.conversations.totalCount).toBe(1);
    expect(res.data!.conversations.edges.map((e: any) => e.node.participantName)).toEqual(['Participant a']);
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Conversation { id participantName }'), {
      variables: { representations: [{ __typename: 'Conversation', id: bConversation.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot update another tenant's conversation, and the refusal equals a missing id", async () => {
    const upd = await sg.request(UPDATE, { variables: { input: { id: bConversation.id, status: 'CLOSED' } }, principal: asA() });
    const updMissing = await sg.request(UPDATE, { variables: { input: { id: MISSING_ID, status: 'CLOSED' } }, principal: asA() });
    expect(upd.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(upd.errors![0].message).toBe(updMissing.errors![0].message.replace(MISSING_ID, bConversation.id));
    const [row] = await sql<{ status: string }>(db.ownerUrl, 'SELECT status FROM conversations.conversations WHERE id = $1', [bConversation.id]);
    expect(row.status).toBe('active');
  });

  it("cannot start a conversation on another tenant's social account: NOT_FOUND, like a missing one", async () => {
    const other = await sg.request(CREATE, { variables: { input: conversationInput(bAccount, 'x') }, principal: asA() });
    const missing = await sg.request(CREATE, { variables: { input: conversationInput(MISSING_ID, 'x') }, principal: asA() });
    expect(other.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(other.errors![0].message).toBe(missing.errors![0].message.replace(MISSING_ID, bAccount));
    const rows = await sql(db.ownerUrl, `SELECT 1 FROM conversations.conversations WHERE platform_conversation_id = 'thread-x'`);
    expect(rows).toHaveLength(0);
  });
});

describe('conversation writes', () => {
  let tenant: string;
  let account: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Writes')).id;
    account = await insertSocialAccount(db, tenant);
  });

  it('starts active with no messages, and a replay of the platform thread returns the first conversation', async () => {
    const first = await createConversation(tenant, conversationInput(account, 'replay'));
    expect(first).toMatchObject({ status: 'ACTIVE', messageCount: 0 });
    const again = await createConversation(tenant, conversationInput(account, 'replay', { participantName: 'Someone else' }));
    expect(again.id).toBe(first.id);
    const rows = await sql(db.ownerUrl, `SELECT 1 FROM conversations.conversations WHERE tenant_id = $1`, [tenant]);
    expect(rows).toHaveLength(1);
  });

  it('closes a conversation and links it to a crm lead, then unlinks it', async () => {
    const conv = await createConversation(tenant, conversationInput(account, 'lead'));
    const leadId = '01900000-0000-7000-8000-0000000000aa';
    const linked = await sg.request(UPDATE, { variables: { input: { id: conv.id, status: 'CLOSED', leadId } }, principal: principalFor(tenant) });
    expect(linked.data!.updateConversation.conversation).toEqual({ id: conv.id, status: 'CLOSED', lead: { id: leadId } });
    const unlinked = await sg.request(UPDATE, { variables: { input: { id: conv.id, leadId: null } }, principal: principalFor(tenant) });
    expect(unlinked.data!.updateConversation.conversation).toEqual({ id: conv.id, status: 'CLOSED', lead: null });
  });
});

describe('conversation permissions', () => {
  it('refuses createConversation and updateConversation without conversations.conversation.write (FORBIDDEN) and writes nothing', async () => {
    const t = await createTenant(db, 'Perm');
    const account = await insertSocialAccount(db, t.id);
    const readOnly = principalFor(t.id, ['conversations.conversation.read']);
    const res = await sg.request(CREATE, { variables: { input: conversationInput(account, 'p') }, principal: readOnly });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM conversations.conversations WHERE tenant_id = $1', [t.id])).toHaveLength(0);

    const conv = await createConversation(t.id, conversationInput(account, 'p'));
    const upd = await sg.request(UPDATE, { variables: { input: { id: conv.id, status: 'CLOSED' } }, principal: readOnly });
    expect(upd.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [row] = await sql<{ status: string }>(db.ownerUrl, 'SELECT status FROM conversations.conversations WHERE id = $1', [conv.id]);
    expect(row.status).toBe('active');
  });

  it('refuses reads to a principal without conversations.conversation.read', async () => {
    const t = await createTenant(db, 'NoRead');
    const res = await sg.request(CONVERSATIONS, { principal: principalFor(t.id, ['crm.lead.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('answers 401 to a request without the internal token', async () => {
    const none = await sg.request(CONVERSATIONS, { principal: null });
    expect(none.status).toBe(401);
    expect(none.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('conversation pagination, filter and order', () => {
  let tenant: string;
  const leadId = '01900000-0000-7000-8000-0000000000bb';
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    const account = await insertSocialAccount(db, tenant);
    for (let i = 0; i < 5; i++) {
      const conv = await createConversation(tenant, conversationInput(account, i));
      // Distinct, known times: P4 has the latest message, P0 the earliest.
      await sql(db.ownerUrl, `UPDATE conversations.conversations SET last_message_at = $2, lead_id = $3 WHERE id = $1`, [
        conv.id,
        new Date(Date.UTC(2026, 0, 1, 12, i)),
        i === 2 ? leadId : null,
      ]);
    }
  });

  it('walks pages newest message first with keyset cursors', async () => {
    const principal = principalFor(tenant);
    const names = (res: any) => res.data!.conversations.edges.map((e: any) => e.node.participantName);
    const first = await sg.request(CONVERSATIONS, { variables: { first: 2 }, principal });
    expect(names(first)).toEqual(['Participant 4', 'Participant 3']);
    expect(first.data!.conversations.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.conversations.totalCount).toBe(5);
    const second = await sg.request(CONVERSATIONS, { variables: { first: 2, after: first.data!.conversations.pageInfo.endCursor }, principal });
    expect(names(second)).toEqual(['Participant 2', 'Participant 1']);
    const third = await sg.request(CONVERSATIONS, { variables: { first: 2, after: second.data!.conversations.pageInfo.endCursor }, principal });
    expect(names(third)).toEqual(['Participant 0']);
    expect(third.data!.conversations.pageInfo.hasNextPage).toBe(false);
  });

  it('filters on status, participantName, lastMessageAt and leadId with and/or/not', async () => {
    const principal = principalFor(tenant);
    const byLead = await sg.request(CONVERSATIONS, { variables: { filter: { leadId: { eq: leadId } } }, principal });
    expect(byLead.data!.conversations.edges.map((e: any) => e.node.participantName)).toEqual(['Participant 2']);
    const combined = await sg.request(CONVERSATIONS, {
      variables: {
        filter: {
          status: { eq: 'ACTIVE' },
          or: [{ lastMessageAt: { gte: '2026-01-01T12:03:00Z' } }, { participantName: { eq: 'Participant 0' } }],
          not: { participantName: { contains: '4' } },
        },
        orderBy: [{ field: 'LAST_MESSAGE_AT', direction: 'ASC' }],
      },
      principal,
    });
    expect(combined.data!.conversations.edges.map((e: any) => e.node.participantName)).toEqual(['Participant 0', 'Participant 3']);
  });
});

describe('conversation input validation', () => {
  it.each([
    [{ platformConversationId: '' }],
    [{ participantId: 'x'.repeat(256) }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j, and writes nothing', async (override) => {
    const t = await createTenant(db, 'Bad');
    const account = await insertSocialAccount(db, t.id);
    const res = await sg.request(CREATE, { variables: { input: { ...conversationInput(account, 'bad'), ...override } }, principal: principalFor(t.id) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM conversations.conversations WHERE tenant_id = $1', [t.id])).toHaveLength(0);
  });

  it('refuses a malformed leadId in updates and in filters with BAD_USER_INPUT, not a SQL error', async () => {
    const t = await createTenant(db, 'BadIds');
    const conv = await createConversation(t.id, conversationInput(await insertSocialAccount(db, t.id), 'ids'));
    const principal = principalFor(t.id);
    const upd = await sg.request(UPDATE, { variables: { input: { id: conv.id, leadId: "1' OR 1=1 --" } }, principal });
    expect(upd.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const list = await sg.request(CONVERSATIONS, { variables: { filter: { or: [{ leadId: { in: ['nope'] } }] } }, principal });
    expect(list.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify([upd, list])).not.toMatch(/SELECT|invalid input syntax|stack|at \w+ \(/i);
  });
});
