import { closeRequestContext, openRequestContext, type Principal } from '@leadgraph/shared';
import { createTestDatabase, flushAuditTrail, sql, type TestDatabase } from '@leadgraph/shared/testing';
import { SUBGRAPHS } from '../scripts/src/subgraphs';
import { DEMO, acme, globex, seedTestDemo } from './demo';
import { startSupergraph, type TestSupergraph } from './supergraph';

let db: TestDatabase;
let sg: TestSupergraph;
let acmeAdmin: string;
let acmeManager: string;
let globexAdmin: string;
const adminOf = (tenant: typeof acme) => tenant.users.find((u) => u.role === 'admin')!;
const managerOf = (tenant: typeof acme) => tenant.users.find((u) => u.role === 'manager')!;

/** Delivers every subgraph's pending audit events to identity, as the relays would. */
const flush = () => flushAuditTrail(Object.values(sg.subgraphs), sg.subgraphs.identity);

interface Entry {
  domain: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  oldValues: Record<string, any> | null;
  newValues: Record<string, any> | null;
  actorId: string | null;
  actor: { email: string } | null;
  requestId: string | null;
  occurredAt: string;
}

async function trail(token: string, filter: Record<string, unknown>): Promise<Entry[]> {
  const res = await sg.request(
    `query($filter: AuditLogFilter) {
      auditLogs(first: 100, filter: $filter) {
        edges { node { domain entityType entityId entityName action oldValues newValues actorId actor { email } requestId occurredAt } }
      }
    }`,
    { token, variables: { filter } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.auditLogs.edges.map((e: { node: Entry }) => e.node);
}

/** Runs a mutation through the gateway; returns its data and the gateway's request id. */
async function mutate(token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await sg.request(query, { token, variables });
  expect(res.errors).toBeUndefined();
  return { data: res.data!, requestId: res.headers.get('x-request-id')! };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDemo(db);
  sg = await startSupergraph(db);
  acmeAdmin = await sg.login('admin@acme.test');
  acmeManager = await sg.login('manager@acme.test');
  globexAdmin = await sg.login('admin@globex.test');
  await flush(); // the demo seed's own events
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('every mutation leaves an audit entry, listed in one connection across domains', () => {
  it('records createLead, updateLead and deleteLead (crm) with actor, request id and old/new values', async () => {
    const created = await mutate(acmeAdmin, `mutation { createLead(input: { email: "audit@prospect.example", name: "Audit Prospect", leadScore: 10 }) { lead { id } } }`);
    const leadId = created.data.createLead.lead.id;
    const updated = await mutate(acmeAdmin, `mutation($id: ID!) { updateLead(input: { id: $id, leadScore: 55, company: "Audit Co" }) { lead { id } } }`, { id: leadId });
    const deleted = await mutate(acmeAdmin, `mutation($id: ID!) { deleteLead(input: { id: $id }) { deletedLeadId } }`, { id: leadId });
    await flush();

    const entries = await trail(acmeAdmin, { domain: { eq: 'crm' }, entityId: { eq: leadId } });
    expect(entries.map((e) => [e.action, e.requestId])).toEqual([
      ['DELETE', deleted.requestId],
      ['UPDATE', updated.requestId],
      ['CREATE', created.requestId],
    ]);
    const [del, upd, cre] = entries;
    for (const e of entries) {
      expect(e).toMatchObject({ entityType: 'leads', entityName: 'Audit Prospect', actorId: adminOf(acme).id, actor: { email: 'admin@acme.test' } });
    }
    expect(cre.oldValues).toBeNull();
    expect(cre.newValues).toMatchObject({ id: leadId, email: 'audit@prospect.example', lead_score: 10, tenant_id: acme.id });
    expect(upd.oldValues).toMatchObject({ lead_score: 10, company: null });
    expect(upd.newValues).toMatchObject({ lead_score: 55, company: 'Audit Co' });
    // Only what changed, and no bookkeeping.
    expect(Object.keys(upd.newValues!).sort()).toEqual(Object.keys(upd.oldValues!).sort());
    expect(upd.newValues).not.toHaveProperty('updated_at');
    expect(upd.newValues).not.toHaveProperty('email');
    expect(del.oldValues).toMatchObject({ id: leadId, lead_score: 55, company: 'Audit Co' });
    expect(del.newValues).toBeNull();
  });

  it('records createPodcast, submitResponse and changeSubscription in their own domains', async () => {
    const podcast = await mutate(acmeManager, `mutation { createPodcast(input: { name: "Audit FM" }) { podcast { id } } }`);
    const q = (n: number) => DEMO.id(`acme:question:${n}`);
    const o = (n: number, k: number) => DEMO.id(`acme:option:${n}:${k}`);
    const response = await mutate(
      acmeAdmin,
      `mutation($input: SubmitResponseInput!) { submitResponse(input: $input) { response { id totalScore } } }`,
      {
        input: {
          assessmentId: DEMO.id('acme:assessment:0'),
          sessionId: 'audit-session',
          email: 'respondent@example.com',
          answers: [0, 1, 2].map((n) => ({ questionId: q(n), optionIds: [o(n, 2)] })),
        },
      },
    );
    const subscription = await mutate(acmeAdmin, `mutation { changeSubscription(input: { tierName: "pro" }) { subscription { id tier { name } } } }`);
    await flush();

    const [podcastEntry] = await trail(acmeAdmin, { requestId: { eq: podcast.requestId } });
    expect(podcastEntry).toMatchObject({
      domain: 'podcasts',
      entityType: 'podcasts',
      entityId: podcast.data.createPodcast.podcast.id,
      entityName: 'Audit FM',
      action: 'CREATE',
      actorId: managerOf(acme).id,
      newValues: expect.objectContaining({ name: 'Audit FM' }),
    });

    // One entry per row the submission wrote: the response, three answers, three chosen options.
    const submitted = await trail(acmeAdmin, { requestId: { eq: response.requestId } });
    expect(submitted.every((e) => e.domain === 'assessments' && e.action === 'CREATE' && e.actorId === adminOf(acme).id)).toBe(true);
    const counts = submitted.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.entityType]: (acc[e.entityType] ?? 0) + 1 }), {});
    expect(counts).toEqual({ responses: 1, answers: 3, answer_options: 3 });
    expect(submitted.find((e) => e.entityType === 'responses')).toMatchObject({
      entityId: response.data.submitResponse.response.id,
      newValues: expect.objectContaining({ total_score: response.data.submitResponse.response.totalScore, status: 'completed' }),
    });

    const [change] = await trail(acmeAdmin, { requestId: { eq: subscription.requestId }, entityType: { eq: 'tenant_subscriptions' } });
    expect(change).toMatchObject({
      domain: 'billing',
      action: 'UPDATE',
      entityId: subscription.data.changeSubscription.subscription.id,
      oldValues: expect.objectContaining({ tier_id: DEMO.id('tier:growth') }),
      newValues: expect.objectContaining({ tier_id: DEMO.id('tier:pro') }),
    });
  });

  it("audits a message in the DEFAULT partition under the parent's name, without an entry for the conversation's counters", async () => {
    const conversationId = DEMO.id('acme:conversation:0');
    const message = await mutate(
      acmeAdmin,
      `mutation($input: CreateMessageInput!) { createMessage(input: $input) { message { id } } }`,
      { input: { conversationId, platformMessageId: 'audit-far-future', direction: 'INBOUND', content: 'Hello from 2031', receivedAt: '2031-06-01T00:00:00Z' } },
    );
    const [{ partition }] = await sql<{ partition: string }>(db.ownerUrl, `SELECT tableoid::regclass::text AS partition FROM conversations.messages WHERE id = $1`, [
      message.data.createMessage.message.id,
    ]);
    expect(partition).toBe('conversations.messages_default');
    await flush();
    const entries = await trail(acmeAdmin, { requestId: { eq: message.requestId } });
    expect(entries.map((e) => [e.domain, e.entityType, e.action])).toEqual([['conversations', 'messages', 'CREATE']]);
  });

  it('lists the trail of all domains in one connection, filtered by actor and time', async () => {
    // A few milliseconds apart from the previous test's events: a JS Date has no microseconds.
    await new Promise((r) => setTimeout(r, 5));
    const since = new Date().toISOString();
    await mutate(acmeManager, `mutation { createLead(input: { email: "by-manager@prospect.example", name: "Manager Lead" }) { lead { id } } }`);
    await mutate(acmeAdmin, `mutation { createPodcast(input: { name: "Admin Show" }) { podcast { id } } }`);
    await flush();

    const recent = await trail(acmeAdmin, { occurredAt: { gte: since } });
    expect(recent.map((e) => [e.domain, e.entityName])).toEqual([
      ['podcasts', 'Admin Show'],
      ['crm', 'Manager Lead'],
    ]);
    const byManager = await trail(acmeAdmin, { occurredAt: { gte: since }, actorId: { eq: managerOf(acme).id } });
    expect(byManager.map((e) => e.entityName)).toEqual(['Manager Lead']);
    for (const { name } of SUBGRAPHS) {
      const entries = await trail(acmeAdmin, { domain: { eq: name } });
      expect({ domain: name, listed: entries.length > 0 }).toEqual({ domain: name, listed: true });
    }
  });
});

describe('atomic with the change', () => {
  it('leaves no entry when the request fails after a write', async () => {
    const res = await sg.request(
      `mutation($missing: ID!) {
        createLead(input: { email: "never@prospect.example", name: "Never Saved" }) { lead { id } }
        updateLead(input: { id: $missing, leadScore: 1 }) { lead { id } }
      }`,
      { token: acmeAdmin, variables: { missing: '00000000-0000-7000-8000-000000000000' } },
    );
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const requestId = res.headers.get('x-request-id');
    expect(await sql(db.ownerUrl, `SELECT 1 FROM crm.leads WHERE email = 'never@prospect.example'`)).toEqual([]);
    expect(await sql(db.ownerUrl, `SELECT 1 FROM crm.outbox WHERE request_id = $1`, [requestId])).toEqual([]);
    await flush();
    expect(await trail(acmeAdmin, { requestId: { eq: requestId } })).toEqual([]);
  });
});

describe('who sees what', () => {
  it("does not show one tenant's entries to another tenant's admin, and refuses a user without identity.audit.read", async () => {
    const created = await mutate(acmeAdmin, `mutation { createLead(input: { email: "private@prospect.example", name: "Private Lead" }) { lead { id } } }`);
    await flush();
    expect(await trail(acmeAdmin, { requestId: { eq: created.requestId } })).toHaveLength(1);
    expect(await trail(globexAdmin, { requestId: { eq: created.requestId } })).toEqual([]);
    expect(await trail(globexAdmin, { entityId: { eq: created.data.createLead.lead.id } })).toEqual([]);
    const globexDomains = await trail(globexAdmin, {});
    expect(globexDomains.length).toBeGreaterThan(0);
    expect(globexDomains.every((e) => e.newValues?.tenant_id !== acme.id && e.oldValues?.tenant_id !== acme.id)).toBe(true);

    const res = await sg.request(`{ auditLogs(first: 1) { totalCount } }`, { token: acmeManager });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('redacts secrets: a password change and a social account token read [redacted]', async () => {
    const admin = adminOf(acme);
    const principal: Principal = { kind: 'user', userId: admin.id, tenantId: acme.id, roles: ['admin'], permissions: ['*'] };
    const asApp = async (subgraph: string, requestId: string, text: string, params: unknown[]) => {
      const ctx = await openRequestContext(sg.subgraphs[subgraph].dataSource, principal, requestId);
      try {
        await ctx.manager.query(text, params);
      } finally {
        await closeRequestContext(ctx, true);
      }
    };
    await asApp('identity', 'redaction-password', `UPDATE identity.users SET password_hash = $1 WHERE id = $2`, ['$2a$10$brand-new-hash-do-not-show', managerOf(acme).id]);
    await asApp(
      'conversations',
      'redaction-token',
      `UPDATE conversations.social_accounts SET access_token_encrypted = $1, token_expires_at = '2031-01-01' WHERE id = $2`,
      ['v1:ciphertext-do-not-show', DEMO.id('acme:social-account:0')],
    );
    await flush();

    const [password] = await trail(acmeAdmin, { requestId: { eq: 'redaction-password' } });
    expect(password).toMatchObject({
      domain: 'identity',
      entityType: 'users',
      entityId: managerOf(acme).id,
      actorId: admin.id,
      oldValues: { password_hash: '[redacted]' },
      newValues: { password_hash: '[redacted]' },
    });
    const [token] = await trail(acmeAdmin, { requestId: { eq: 'redaction-token' } });
    expect(token.newValues).toEqual({ access_token_encrypted: '[redacted]', token_expires_at: expect.stringMatching(/^2031-01-01/) });
    expect(JSON.stringify([password, token])).not.toMatch(/do-not-show/);
    const [{ raw }] = await sql<{ raw: string }>(db.ownerUrl, `SELECT old_values::text || new_values::text AS raw FROM identity.audit_logs WHERE request_id = 'redaction-token'`);
    expect(raw).not.toContain('do-not-show');
  });
});

describe('delivery', () => {
  it('adds nothing when the same outbox batch is delivered twice (relay crashed before its ack)', async () => {
    await mutate(acmeAdmin, `mutation { createLead(input: { email: "twice@prospect.example", name: "Twice" }) { lead { id } } }`);
    await flush();
    const count = async () => Number((await sql<{ n: string }>(db.ownerUrl, `SELECT count(*) AS n FROM identity.audit_logs`))[0].n);
    const before = await count();
    // As if the relay had posted and died before acking: every crm event is pending again.
    await sql(db.ownerUrl, `UPDATE crm.outbox SET delivered_at = NULL, locked_until = NULL`);
    const redelivered = await flush();
    expect(redelivered.crm).toBeGreaterThan(0);
    expect(await count()).toBe(before);
    const creates = await trail(acmeAdmin, { domain: { eq: 'crm' }, action: { eq: 'CREATE' } });
    expect(creates.filter((e) => e.entityName === 'Twice')).toHaveLength(1);
  });
});

describe('the catalog', () => {
  /** Tenant tables deliberately outside the trail; the identity and billing migrations say why for each. */
  const NOT_AUDITED = new Set([
    ...SUBGRAPHS.map((s) => `${s.name}.outbox`),
    'identity.audit_logs',
    'identity.security_events',
    'identity.access_logs',
    'identity.error_logs',
    'identity.refresh_tokens',
    'identity.password_reset_tokens',
    'identity.email_verification_tokens',
    'identity.role_permissions',
    // One row per API request (an append-only log); the billing migration says why.
    'billing.api_usage',
  ]);

  it('puts every tenant table of every subgraph (partitions included) under the audit trigger', async () => {
    const tables = await sql<{ name: string; audited: boolean }>(
      db.adminUrl,
      // An enabled AFTER ... FOR EACH ROW trigger for INSERT, UPDATE and DELETE running the
      // schema's audit_row(); on a partition it is the clone of the parent's.
      `SELECT n.nspname || '.' || c.relname AS name,
              EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                       WHERE t.tgrelid = c.oid AND p.proname = 'audit_row' AND p.pronamespace = n.oid AND t.tgenabled = 'O'
                         AND (t.tgtype & (1 | 4 | 8 | 16)) = (1 | 4 | 8 | 16) AND (t.tgtype & 2) = 0) AS audited
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
        ORDER BY 1`,
      [SUBGRAPHS.map((s) => s.name)],
    );
    expect(tables.some((t) => t.name === 'conversations.messages_default')).toBe(true);
    const missing = tables.filter((t) => !t.audited && !NOT_AUDITED.has(t.name)).map((t) => t.name);
    expect(missing).toEqual([]);
    // Auditing the outbox or the trail itself would loop.
    expect(tables.filter((t) => t.audited && NOT_AUDITED.has(t.name)).map((t) => t.name)).toEqual([]);
  });

  it("keeps every outbox under RLS: the app role reads no other tenant's events", async () => {
    for (const { name } of SUBGRAPHS) {
      const ctx = await openRequestContext(sg.subgraphs[name].dataSource, { kind: 'user', userId: null, tenantId: globex.id, roles: [], permissions: [] }, 'rls-check');
      try {
        const [{ others }] = await ctx.manager.query(`SELECT count(*) FILTER (WHERE tenant_id <> $1) AS others FROM ${name}.outbox`, [globex.id]);
        expect({ name, others: Number(others) }).toEqual({ name, others: 0 });
      } finally {
        await closeRequestContext(ctx, true);
      }
      // There were other tenants' rows to hide.
      const [{ tenants }] = await sql<{ tenants: string }>(db.ownerUrl, `SELECT count(DISTINCT tenant_id) AS tenants FROM ${name}.outbox`);
      expect({ name, more: Number(tenants) > 1 }).toEqual({ name, more: true });
    }
  });
});
