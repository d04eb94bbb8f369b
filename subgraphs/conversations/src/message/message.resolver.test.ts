import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { newId } from '@leadgraph/shared';
import { conversations } from '@leadgraph/conversations';
import { insertSocialAccount } from '../../test/support';

const CREATE_CONVERSATION = `mutation($input: CreateConversationInput!) { createConversation(input: $input) { conversation { id } } }`;
const CREATE = `mutation($input: CreateMessageInput!) {
  createMessage(input: $input) { message { id content direction receivedAt conversation { id messageCount lastMessageAt } } }
}`;
const MESSAGE = `query($id: ID!) { message(id: $id) { id content } }`;
const CONVERSATION_MESSAGES = `query($id: ID!, $first: Int, $after: String) {
  conversation(id: $id) {
    messageCount
    messages(first: $first, after: $after) { totalCount edges { cursor node { id content } } pageInfo { hasNextPage hasPreviousPage endCursor } }
  }
}`;
const ALL_MESSAGES = `query { conversations(first: 100) { edges { node { id messages(first: 100) { edges { node { id content } } } } } } }`;
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };

async function createConversation(tenantId: string, n: number | string = newId()) {
  const account = await insertSocialAccount(db, tenantId);
  const input = { socialAccountId: account, platformConversationId: `thread-${n}`, participantId: `p-${n}` };
  const res = await sg.request(CREATE_CONVERSATION, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createConversation.conversation.id as string;
}

async function createMessage(tenantId: string, conversationId: string, extra: Record<string, unknown> = {}) {
  const input = { conversationId, platformMessageId: newId(), direction: 'INBOUND', content: 'hello', senderId: 'p', ...extra };
  const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(tenantId) });
  expect(res.errors).toBeUndefined();
  return res.data!.createMessage.message as { id: string; conversation: { messageCount: number; lastMessageAt: string } };
}

const counts = (conversationId: string) =>
  sql<{ message_count: number; last_message_at: Date; stored: string }>(
    db.ownerUrl,
    `SELECT c.message_count, c.last_message_at, (SELECT count(*) FROM conversations.messages m WHERE m.conversation_id = c.id) AS stored
     FROM conversations.conversations c WHERE c.id = $1`,
    [conversationId],
  ).then((rows) => rows[0]);

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

describe('createMessage', () => {
  it("bumps the conversation's message_count and last_message_at in the same transaction", async () => {
    const conv = await createConversation(tenants.a);
    const at = '2026-03-04T05:06:07.890Z';
    const msg = await createMessage(tenants.a, conv, { receivedAt: at });
    expect(msg.conversation).toEqual({ id: conv, messageCount: 1, lastMessageAt: at });
    await createMessage(tenants.a, conv, { receivedAt: '2026-03-04T06:00:00.000Z' });
    const row = await counts(conv);
    expect(row.message_count).toBe(2);
    expect(Number(row.stored)).toBe(2);
    expect(row.last_message_at.toISOString()).toBe('2026-03-04T06:00:00.000Z');
  });

  it('keeps last_message_at when an older message arrives late', async () => {
    const conv = await createConversation(tenants.a);
    await createMessage(tenants.a, conv, { receivedAt: '2026-03-04T06:00:00.000Z' });
    const late = await createMessage(tenants.a, conv, { receivedAt: '2026-02-01T00:00:00.000Z' });
    expect(late.conversation).toMatchObject({ messageCount: 2, lastMessageAt: '2026-03-04T06:00:00.000Z' });
  });

  it('returns the first message for a replayed platformMessageId and counts it once', async () => {
    const conv = await createConversation(tenants.a);
    const first = await createMessage(tenants.a, conv, { platformMessageId: 'wamid-1' });
    const again = await createMessage(tenants.a, conv, { platformMessageId: 'wamid-1', content: 'redelivered' });
    expect(again.id).toBe(first.id);
    const row = await counts(conv);
    expect(row.message_count).toBe(1);
    expect(Number(row.stored)).toBe(1);
  });

  it('counts every message when many arrive at once for one conversation', async () => {
    const conv = await createConversation(tenants.a);
    await Promise.all(Array.from({ length: 8 }, () => createMessage(tenants.a, conv)));
    const row = await counts(conv);
    expect(row.message_count).toBe(8);
    expect(Number(row.stored)).toBe(8);
  });
});

describe('message tenant isolation', () => {
  let bConversation: string;
  let bMessage: { id: string };
  beforeAll(async () => {
    const aConversation = await createConversation(tenants.a, 'iso-a');
    await createMessage(tenants.a, aConversation, { content: 'from A' });
    bConversation = await createConversation(tenants.b, 'iso-b');
    bMessage = await createMessage(tenants.b, bConversation, { content: 'secret of B' });
  });
  const asA = () => principalFor(tenants.a);

  it("does not show another tenant's message by id: it looks missing", async () => {
    const other = await sg.request(MESSAGE, { variables: { id: bMessage.id }, principal: asA() });
    const missing = await sg.request(MESSAGE, { variables: { id: MISSING_ID }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ message: null });
  });

  it("never lists another tenant's messages under the caller's conversations", async () => {
    const res = await sg.request(ALL_MESSAGES, { principal: asA() });
    const contents = res.data!.conversations.edges.flatMap((e: any) => e.node.messages.edges.map((m: any) => m.node.content));
    expect(contents).toContain('from A');
    expect(contents).not.toContain('secret of B');
    const nested = await sg.request(CONVERSATION_MESSAGES, { variables: { id: bConversation }, principal: asA() });
    expect(nested.data).toEqual({ conversation: null });
  });

  it('resolves no entity reference of another tenant', async () => {
    const res = await sg.request(ENTITIES_QUERY('... on Message { id content }'), {
      variables: { representations: [{ __typename: 'Message', id: bMessage.id }] },
      principal: asA(),
    });
    expect(res.data).toEqual({ _entities: [null] });
  });

  it("cannot add a message to another tenant's conversation, and the refusal equals a missing id", async () => {
    const input = (conversationId: string) => ({ conversationId, platformMessageId: 'x', direction: 'OUTBOUND', content: 'pwned' });
    const other = await sg.request(CREATE, { variables: { input: input(bConversation) }, principal: asA() });
    const missing = await sg.request(CREATE, { variables: { input: input(MISSING_ID) }, principal: asA() });
    expect(other.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(other.errors![0].message).toBe(missing.errors![0].message.replace(MISSING_ID, bConversation));
    const row = await counts(bConversation);
    expect(row.message_count).toBe(1);
    expect(Number(row.stored)).toBe(1);
  });

  it("hides another tenant's rows even when a partition is read by its own name", async () => {
    const partitions = await sql<{ name: string }>(
      db.adminUrl,
      `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'conversations.messages'::regclass`,
    );
    const seen = await sg.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenants.a]);
      const rows: { tenant_id: string }[] = [];
      for (const { name } of partitions) rows.push(...(await m.query(`SELECT tenant_id FROM ${name}`)));
      return rows;
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === tenants.a)).toBe(true);
  });
});

describe('message partitions', () => {
  it('have row-level security enabled and forced, with the tenant policy, on the parent and every partition', async () => {
    const tables = await sql<{ name: string; rls: boolean; forced: boolean; policies: string }>(
      db.adminUrl,
      `SELECT c.oid::regclass::text AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
       FROM pg_class c
       WHERE c.oid = 'conversations.messages'::regclass
          OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'conversations.messages'::regclass)`,
    );
    // Parent, DEFAULT and at least the current month and the next two.
    expect(tables.length).toBeGreaterThanOrEqual(5);
    expect(tables.map((t) => t.name)).toContain('conversations.messages_default');
    for (const t of tables) expect({ ...t, policies: Number(t.policies) }).toEqual({ name: t.name, rls: true, forced: true, policies: 1 });
  });

  it('stores a message far outside the monthly partitions in the DEFAULT partition', async () => {
    const conv = await createConversation(tenants.a);
    const msg = await createMessage(tenants.a, conv, { receivedAt: '2001-01-01T00:00:00.000Z' });
    const [row] = await sql<{ partition: string }>(db.ownerUrl, `SELECT tableoid::regclass::text AS partition FROM conversations.messages WHERE id = $1`, [msg.id]);
    expect(row.partition).toBe('conversations.messages_default');
  });
});

describe('conversation messages pagination', () => {
  let tenant: string;
  let conv: string;
  const ids: string[] = [];
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Pages')).id;
    conv = await createConversation(tenant);
    // Five messages within one millisecond: only the microseconds tell them apart.
    for (let i = 0; i < 5; i++) {
      const id = newId();
      ids.push(id);
      await sql(
        db.ownerUrl,
        `INSERT INTO conversations.messages (id, tenant_id, conversation_id, platform_message_id, direction, content, received_at)
         VALUES ($1, $2, $3, $4, 'inbound', $5, $6::timestamptz)`,
        [id, tenant, conv, `m${i}`, `M${i}`, `2026-05-05 10:00:00.12300${i}+00`],
      );
    }
    await sql(db.ownerUrl, `UPDATE conversations.conversations SET message_count = 5 WHERE id = $1`, [conv]);
  });

  it('walks newest first with cursors exact to the microsecond', async () => {
    const principal = principalFor(tenant);
    const seen: string[] = [];
    let after: string | null = null;
    let res: any;
    do {
      res = await sg.request(CONVERSATION_MESSAGES, { variables: { id: conv, first: 2, after }, principal });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.conversation.messages.edges.map((e: any) => e.node.content));
      after = res.data.conversation.messages.pageInfo.endCursor;
    } while (res.data.conversation.messages.pageInfo.hasNextPage);
    expect(seen).toEqual(['M4', 'M3', 'M2', 'M1', 'M0']);
    expect(res.data.conversation.messages.totalCount).toBe(5);
  });

  it('defaults to 20 and refuses more than 100 or a forged cursor with BAD_USER_INPUT', async () => {
    const principal = principalFor(tenant);
    const all = await sg.request(CONVERSATION_MESSAGES, { variables: { id: conv }, principal });
    expect(all.data!.conversation.messages.edges).toHaveLength(5);
    const tooMany = await sg.request(CONVERSATION_MESSAGES, { variables: { id: conv, first: 101 }, principal });
    expect(tooMany.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify({ k: 'message:receivedAt:DESC,id:DESC', v: ["x'; DROP TABLE x", 'y'] })).toString('base64url');
    const bad = await sg.request(CONVERSATION_MESSAGES, { variables: { id: conv, after: forged }, principal });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify([tooMany, bad])).not.toMatch(/SELECT|invalid input syntax|stack|at \w+ \(/i);
  });

  it('loads the messages of a whole page of conversations in the same number of statements (no N+1)', async () => {
    const statementsFor = async (conversationCount: number) => {
      const t = (await createTenant(db, `N${conversationCount}`)).id;
      for (let i = 0; i < conversationCount; i++) {
        const c = await createConversation(t);
        await createMessage(t, c);
        await createMessage(t, c);
      }
      sg.counter.reset();
      const res = await sg.request(ALL_MESSAGES, { principal: principalFor(t) });
      expect(res.data!.conversations.edges).toHaveLength(conversationCount);
      return sg.counter.count;
    };
    expect(await statementsFor(5)).toBe(await statementsFor(1));
  });
});

describe('message permissions and input', () => {
  it('refuses createMessage without conversations.conversation.write (FORBIDDEN) and writes nothing', async () => {
    const t = (await createTenant(db, 'Perm')).id;
    const conv = await createConversation(t);
    const input = { conversationId: conv, platformMessageId: 'p', direction: 'INBOUND', content: 'x' };
    const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(t, ['conversations.conversation.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(Number((await counts(conv)).stored)).toBe(0);
  });

  it('refuses reads without conversations.conversation.read', async () => {
    const t = (await createTenant(db, 'NoRead')).id;
    const res = await sg.request(MESSAGE, { variables: { id: MISSING_ID }, principal: principalFor(t, ['crm.lead.read']) });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it.each([[{ content: '' }], [{ platformMessageId: 'x'.repeat(256) }], [{ senderId: '' }]])(
    'answers BAD_USER_INPUT without SQL or stack for %j, and writes nothing',
    async (override) => {
      const t = (await createTenant(db, 'Bad')).id;
      const conv = await createConversation(t);
      const input = { conversationId: conv, platformMessageId: 'p', direction: 'INBOUND', content: 'x', ...override };
      const res = await sg.request(CREATE, { variables: { input }, principal: principalFor(t) });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
      expect(await counts(conv)).toMatchObject({ message_count: 0, stored: '0' });
    },
  );
});
