import {
  AUDIT_EVENTS_ROUTE,
  closeRequestContext,
  mintInternalToken,
  newId,
  openRequestContext,
  postAuditEvents,
  servicePrincipal,
  startOutboxRelay,
  type OutboxBatch,
  type Principal,
} from '@leadgraph/shared';
import {
  TEST_INTERNAL_SECRET,
  baseUrlOf,
  createTenant,
  createTestDatabase,
  flushAuditTrail,
  principalFor,
  sql,
  startTestSubgraph,
  type TestDatabase,
  type TestSubgraph,
  type TestTenant,
} from '@leadgraph/shared/testing';
import { identity } from '../index';

let db: TestDatabase;
let sg: TestSubgraph;
let acme: TestTenant;
let globex: TestTenant;
const auditor = (tenant: TestTenant, userId?: string) => principalFor(tenant.id, ['identity.audit.read'], userId);

const QUERY = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLogs(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { node { id domain entityType entityId entityName action oldValues newValues actorId requestId occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function auditLogs(principal: Principal, filter: Record<string, unknown> = {}, first = 50) {
  const res = await sg.request(QUERY, { principal, variables: { filter, first } });
  expect(res.errors).toBeUndefined();
  return res.data!.auditLogs as { totalCount: number; edges: { node: Record<string, any> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

/** Runs `fn` exactly as a request does: the request's transaction, tenant, actor and request id. */
async function asRequest(principal: Principal, requestId: string, fn: (q: (text: string, params?: unknown[]) => Promise<unknown>) => Promise<unknown>, commit = true) {
  const ctx = await openRequestContext(sg.dataSource, principal, requestId);
  try {
    await fn((text, params) => ctx.manager.query(text, params));
  } finally {
    await closeRequestContext(ctx, commit);
  }
}

const insertUser = (tenantId: string, id: string, email: string) =>
  `INSERT INTO identity.users (id, tenant_id, email, name, password_hash) VALUES ('${id}', '${tenantId}', '${email}', 'Ann Example', '$2a$10$secret-hash-value')`;

const flush = () => flushAuditTrail([sg], sg);

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, identity);
  acme = await createTenant(db, 'Acme');
  globex = await createTenant(db, 'Globex');
  await flush();
});
afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('capture in the database', () => {
  it("records a user's creation and password change with actor and request id, the hash redacted", async () => {
    const admin = newId();
    const userId = newId();
    await asRequest(principalFor(acme.id, ['*'], admin), 'req-create-user', async (q) => {
      await q(insertUser(acme.id, userId, 'ann@acme.test'));
    });
    await asRequest(principalFor(acme.id, ['*'], admin), 'req-change-password', async (q) => {
      await q(`UPDATE identity.users SET password_hash = '$2a$10$another-secret-hash' WHERE id = $1`, [userId]);
    });
    expect(await flush()).toEqual({ identity: 2 });

    const { edges } = await auditLogs(auditor(acme), { entityId: { eq: userId } });
    const [update, create] = edges.map((e) => e.node); // newest first
    expect(create).toMatchObject({
      domain: 'identity',
      entityType: 'users',
      entityName: 'Ann Example',
      action: 'CREATE',
      oldValues: null,
      actorId: admin,
      requestId: 'req-create-user',
    });
    expect(create.newValues).toMatchObject({ id: userId, email: 'ann@acme.test', password_hash: '[redacted]' });
    expect(create.newValues).not.toHaveProperty('updated_at');
    expect(update).toMatchObject({
      action: 'UPDATE',
      actorId: admin,
      requestId: 'req-change-password',
      oldValues: { password_hash: '[redacted]' },
      newValues: { password_hash: '[redacted]' },
    });
    expect(JSON.stringify(edges)).not.toContain('secret-hash');
  });

  it('leaves nothing for sign-in bookkeeping, and nothing for a rolled-back transaction', async () => {
    const userId = newId();
    await asRequest(principalFor(acme.id), 'req-setup', async (q) => q(insertUser(acme.id, userId, 'bob@acme.test')));
    await flush();
    await asRequest(principalFor(acme.id), 'req-login', async (q) => {
      await q(`UPDATE identity.users SET last_login_at = now(), failed_login_attempts = failed_login_attempts + 1 WHERE id = $1`, [userId]);
    });
    const rolledBack = newId();
    await asRequest(principalFor(acme.id), 'req-failed', async (q) => q(insertUser(acme.id, rolledBack, 'carl@acme.test')), false);
    expect(await flush()).toEqual({ identity: 0 });
    expect((await auditLogs(auditor(acme), { requestId: { in: ['req-login', 'req-failed'] } })).totalCount).toBe(0);
  });

  it("keeps the outbox under RLS: the app role sees only its tenant's events and can neither edit nor erase them", async () => {
    await asRequest(principalFor(globex.id), 'req-globex', async (q) => q(insertUser(globex.id, newId(), 'gina@globex.test')));
    await asRequest(principalFor(acme.id), 'req-acme-reads', async (q) => {
      const rows = (await q(`SELECT DISTINCT tenant_id FROM identity.outbox`)) as { tenant_id: string }[];
      expect(rows.map((r) => r.tenant_id)).not.toContain(globex.id);
      await expect(q(`UPDATE identity.outbox SET action = 'DELETE'`)).rejects.toThrow(/permission denied/);
    });
    await asRequest(principalFor(acme.id), 'req-acme-erases', async (q) => {
      await expect(q(`DELETE FROM identity.outbox`)).rejects.toThrow(/permission denied/);
    });
    // The app role cannot write an event for another tenant either.
    await asRequest(principalFor(acme.id), 'req-forge', async (q) => {
      await expect(
        q(`INSERT INTO identity.outbox (id, tenant_id, event_type, entity_type, entity_id, action) VALUES (gen_random_uuid(), $1, 'audit', 'users', gen_random_uuid(), 'CREATE')`, [globex.id]),
      ).rejects.toThrow(/row-level security/);
    });
    await flush();
  });

  it('lets several relays claim without taking the same rows, and gives a claimed row back after its lease', async () => {
    for (let i = 0; i < 3; i++) await asRequest(principalFor(acme.id), `req-claim-${i}`, async (q) => q(insertUser(acme.id, newId(), `claim${i}@acme.test`)));
    const [a, b] = await Promise.all([
      sg.dataSource.query(`SELECT id FROM identity.claim_outbox(2)`),
      sg.dataSource.query(`SELECT id FROM identity.claim_outbox(2)`),
    ]);
    const ids = [...a, ...b].map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    // Claimed rows are leased: nothing is claimable until the lease ends.
    expect(await sg.dataSource.query(`SELECT id FROM identity.claim_outbox(10)`)).toEqual([]);
    await sql(db.ownerUrl, `UPDATE identity.outbox SET locked_until = now() - interval '1 second' WHERE id = ANY($1)`, [ids]);
    const [{ attempts }] = await sql<{ attempts: number }>(db.ownerUrl, `SELECT max(attempts) AS attempts FROM identity.outbox WHERE id = ANY($1)`, [ids]);
    expect(attempts).toBe(1);
    expect(await flush()).toEqual({ identity: 3 });
    const [{ pending }] = await sql<{ pending: string }>(db.ownerUrl, `SELECT count(*) AS pending FROM identity.outbox WHERE delivered_at IS NULL`);
    expect(Number(pending)).toBe(0);
  });

  it('keeps delivered events for a day, then prunes them; undelivered ones stay whatever their age', async () => {
    // UUIDv7 ids of two days ago, as the trigger would have made them then.
    const oldId = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM now() - interval '2 days') * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;
    const insertOld = (delivered: boolean) =>
      sql<{ id: string }>(
        db.ownerUrl,
        `INSERT INTO identity.outbox (id, tenant_id, event_type, entity_type, entity_id, action, occurred_at, delivered_at)
         VALUES (${oldId}, $1, 'audit', 'users', gen_random_uuid(), 'CREATE', now() - interval '2 days', ${delivered ? "now() - interval '2 days'" : 'NULL'}) RETURNING id`,
        [acme.id],
      );
    const [delivered] = await insertOld(true);
    const [pendingOld] = await insertOld(false);
    await sg.dataSource.query(`SELECT identity.ack_outbox($1::uuid[])`, [[]]);
    const left = await sql<{ id: string }>(db.ownerUrl, `SELECT id FROM identity.outbox WHERE id = ANY($1)`, [[delivered.id, pendingOld.id]]);
    expect(left.map((r) => r.id)).toEqual([pendingOld.id]);
    expect(await flush()).toEqual({ identity: 1 });
  });
});

describe('auditLogs', () => {
  it('needs identity.audit.read', async () => {
    const res = await sg.request(QUERY, { principal: principalFor(acme.id, ['identity.user.read']), variables: {} });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it("shows a tenant only its own trail: another tenant's entries look like none at all", async () => {
    const globexEntries = await auditLogs(auditor(globex));
    expect(globexEntries.totalCount).toBeGreaterThan(0);
    expect(globexEntries.edges.every((e) => e.node.entityId !== acme.id && e.node.requestId !== 'req-create-user')).toBe(true);
    const byGlobexId = await auditLogs(auditor(acme), { entityId: { eq: globex.id } });
    expect(byGlobexId.totalCount).toBe(0);
  });

  it('filters by entity, actor, action, domain and time, and pages', async () => {
    const alice = newId();
    const bob = newId();
    const userId = newId();
    await asRequest(principalFor(acme.id, ['*'], alice), 'req-f1', async (q) => q(insertUser(acme.id, userId, 'dora@acme.test')));
    // Apart by a few milliseconds on both sides: a JS Date has no microseconds.
    await new Promise((r) => setTimeout(r, 5));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await asRequest(principalFor(acme.id, ['*'], bob), 'req-f2', async (q) => {
      await q(`UPDATE identity.users SET name = 'Dora Example' WHERE id = $1`, [userId]);
      await q(`UPDATE identity.users SET name = 'Dora E.' WHERE id = $1`, [userId]);
    });
    await flush();

    const byEntity = await auditLogs(auditor(acme), { entityType: { eq: 'users' }, entityId: { eq: userId } });
    expect(byEntity.edges.map((e) => e.node.action)).toEqual(['UPDATE', 'UPDATE', 'CREATE']);
    // Within one transaction the order of the changes is kept (microsecond times).
    expect(byEntity.edges.map((e) => e.node.newValues.name)).toEqual(['Dora E.', 'Dora Example', 'Ann Example']);

    const byBob = await auditLogs(auditor(acme), { actorId: { eq: bob } });
    expect(byBob.edges.map((e) => e.node.oldValues)).toEqual([{ name: 'Dora Example' }, { name: 'Ann Example' }]);
    expect((await auditLogs(auditor(acme), { actorId: { eq: alice }, action: { eq: 'CREATE' } })).totalCount).toBe(1);

    const after = await auditLogs(auditor(acme), { entityId: { eq: userId }, occurredAt: { gt: between.toISOString() } });
    expect(after.edges.map((e) => e.node.actorId)).toEqual([bob, bob]);
    const before = await auditLogs(auditor(acme), { entityId: { eq: userId }, occurredAt: { lte: between.toISOString() } });
    expect(before.edges.map((e) => e.node.actorId)).toEqual([alice]);

    expect((await auditLogs(auditor(acme), { domain: { eq: 'crm' } })).totalCount).toBe(0);

    const page1 = await auditLogs(auditor(acme), { entityId: { eq: userId } }, 2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const res = await sg.request(QUERY, { principal: auditor(acme), variables: { filter: { entityId: { eq: userId } }, first: 2, after: page1.pageInfo.endCursor } });
    expect(res.data!.auditLogs.edges.map((e: any) => e.node.action)).toEqual(['CREATE']);
  });

  it('is a permission of the catalog, so a tenant-defined role may grant it', async () => {
    await asRequest(principalFor(acme.id), 'req-role', async (q) => {
      await q(`INSERT INTO identity.roles (id, tenant_id, name, level, permissions) VALUES ($1, $2, 'auditor', 2, ARRAY['identity.audit.read'])`, [newId(), acme.id]);
    });
    await flush();
    const [entry] = (await auditLogs(auditor(acme), { requestId: { eq: 'req-role' }, entityType: { eq: 'roles' } })).edges;
    expect(entry.node.newValues).toMatchObject({ name: 'auditor', permissions: ['identity.audit.read'] });
  });

  it('refuses a malformed id in a filter as bad input', async () => {
    const res = await sg.request(QUERY, { principal: auditor(acme), variables: { filter: { actorId: { eq: 'not-a-uuid' } } } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the background relay', () => {
  it('delivers by itself, backs off while identity refuses, and stops cleanly', async () => {
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (msg: string) => warnings.push(msg), error() {} };
    const userId = newId();
    await asRequest(principalFor(acme.id), 'req-background', async (q) => q(insertUser(acme.id, userId, 'bg@acme.test')));

    // A wrong secret: identity answers 401, the rows stay pending and the relay keeps trying.
    const refused = startOutboxRelay({ dataSource: sg.dataSource, domain: 'identity', identityUrl: baseUrlOf(sg), internalTokenSecret: 'x'.repeat(40), intervalMs: 20, log });
    // Wait (bounded) for at least two refused deliveries rather than a fixed time: a loaded
    // machine may not fit two attempts and a backoff into 100 ms.
    const attempts = async () => (await sql<{ attempts: number }>(db.ownerUrl, `SELECT attempts FROM identity.outbox WHERE request_id = 'req-background'`))[0].attempts;
    for (let i = 0; i < 250 && (await attempts()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await refused.stop();
    expect(warnings).toContain('outbox relay failed; retrying');
    expect((await auditLogs(auditor(acme), { requestId: { eq: 'req-background' } })).totalCount).toBe(0);
    // Each refused delivery released the row at once instead of leaving it leased.
    const [row] = await sql<{ attempts: number; locked_until: Date | null }>(db.ownerUrl, `SELECT attempts, locked_until FROM identity.outbox WHERE request_id = 'req-background'`);
    expect(row.attempts).toBeGreaterThan(1);
    expect(row.locked_until).toBeNull();

    const relay = startOutboxRelay({ dataSource: sg.dataSource, domain: 'identity', identityUrl: baseUrlOf(sg), internalTokenSecret: TEST_INTERNAL_SECRET, intervalMs: 20, log });
    try {
      for (let i = 0; i < 100; i++) {
        if ((await auditLogs(auditor(acme), { requestId: { eq: 'req-background' } })).totalCount === 1) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await relay.stop();
    }
    expect((await auditLogs(auditor(acme), { requestId: { eq: 'req-background' } })).totalCount).toBe(1);
  });
});

describe('the ingest route', () => {
  const url = () => new URL(AUDIT_EVENTS_ROUTE.path, baseUrlOf(sg)).toString();
  const event = (tenantId: string) => ({
    id: newId(),
    tenantId,
    eventType: 'audit' as const,
    entityType: 'leads',
    entityId: newId(),
    entityName: 'Replayed Lead',
    action: 'CREATE' as const,
    oldValues: null,
    newValues: { name: 'Replayed Lead' },
    actorId: null,
    requestId: 'req-replay',
    occurredAt: '2026-01-02T03:04:05.123456Z',
  });
  const post = (body: unknown, token?: string) =>
    fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-internal-token': token } : {}) }, body: JSON.stringify(body) });

  it('stores a batch delivered twice only once, in the tenant of each event', async () => {
    const batch: OutboxBatch = { domain: 'crm', events: [event(acme.id), event(globex.id)] };
    const target = { identityUrl: baseUrlOf(sg), internalTokenSecret: TEST_INTERNAL_SECRET };
    await postAuditEvents(target, batch);
    await postAuditEvents(target, batch);
    const acmeEntries = await auditLogs(auditor(acme), { requestId: { eq: 'req-replay' } });
    expect(acmeEntries.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: batch.events[0].id, domain: 'crm', entityType: 'leads', occurredAt: '2026-01-02T03:04:05.123Z' }),
    ]);
    expect((await auditLogs(auditor(globex), { requestId: { eq: 'req-replay' } })).totalCount).toBe(1);
    const [{ micros }] = await sql<{ micros: string }>(db.ownerUrl, `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'US') AS micros FROM identity.audit_logs WHERE id = $1`, [batch.events[0].id]);
    expect(micros).toBe('123456');
  });

  it("accepts only a relay's token for the domain it sends", async () => {
    const batch = { domain: 'crm', events: [event(acme.id)] };
    expect((await post(batch)).status).toBe(401);
    // What the gateway mints for identity: good for /graphql, not for the trail.
    const gatewayToken = mintInternalToken(principalFor(acme.id), { secret: TEST_INTERNAL_SECRET, audience: 'identity' });
    expect((await post(batch, gatewayToken)).status).toBe(401);
    const forged = mintInternalToken(servicePrincipal('crm'), { secret: 'not-the-secret-but-long-enough-0123456789', audience: AUDIT_EVENTS_ROUTE.audience });
    expect((await post(batch, forged)).status).toBe(401);
    const billingRelay = mintInternalToken(servicePrincipal('billing'), { secret: TEST_INTERNAL_SECRET, audience: AUDIT_EVENTS_ROUTE.audience });
    expect((await post(batch, billingRelay)).status).toBe(403);
    const crmRelay = mintInternalToken(servicePrincipal('crm'), { secret: TEST_INTERNAL_SECRET, audience: AUDIT_EVENTS_ROUTE.audience });
    expect((await post({ domain: 'crm', events: [{ ...event(acme.id), tenantId: 'nope' }] }, crmRelay)).status).toBe(400);
    expect((await post(batch, crmRelay)).status).toBe(200);
  });
});
