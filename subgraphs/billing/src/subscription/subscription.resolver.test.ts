import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { newId } from '@leadgraph/shared';
import { billing } from '@leadgraph/billing';

const SUBSCRIPTION = `query { subscription { id status billingCycle currentPeriodStart currentPeriodEnd cancelAt tier { id name } } }`;
const CHANGE = `mutation($input: ChangeSubscriptionInput!) {
  changeSubscription(input: $input) { subscription { id status billingCycle currentPeriodStart currentPeriodEnd cancelAt tier { name } } }
}`;
const TENANT_SUBSCRIPTION = ENTITIES_QUERY('... on Tenant { id subscription { id status tier { name } } }');
const SUBSCRIPTION_REF = ENTITIES_QUERY('... on TenantSubscription { id status }');

let db: TestDatabase;
let sg: TestSubgraph;
const tiers: Record<string, string> = {};

async function insertTier(name: string, isActive = true) {
  const id = newId();
  await sql(db.ownerUrl, `INSERT INTO billing.subscription_tiers (id, name, price_monthly, price_yearly, is_active) VALUES ($1, $2, 10, 100, $3)`, [
    id,
    name,
    isActive,
  ]);
  tiers[name] = id;
}

/** A tenant subscribed (as the owner arranges it) to `tier`; returns the subscription id. */
async function subscribe(tenantId: string, tier: string, status = 'active', cycle = 'monthly') {
  const id = newId();
  await sql(
    db.ownerUrl,
    `INSERT INTO billing.tenant_subscriptions (id, tenant_id, tier_id, status, billing_cycle, current_period_start, current_period_end, cancel_at)
     VALUES ($1, $2, $3, $4, $5, now() - interval '10 days', now() + interval '20 days', now() + interval '20 days')`,
    [id, tenantId, tiers[tier], status, cycle],
  );
  return id;
}

const row = async (tenantId: string) =>
  (await sql<{ id: string; tier_id: string; status: string; billing_cycle: string }>(
    db.ownerUrl,
    'SELECT id, tier_id, status, billing_cycle FROM billing.tenant_subscriptions WHERE tenant_id = $1',
    [tenantId],
  ))[0];

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, billing);
  for (const name of ['free', 'growth', 'pro']) await insertTier(name);
  await insertTier('legacy', false);
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('subscription tenant isolation', () => {
  const t = { a: '', b: '', none: '' };
  const sub = { a: '', b: '' };
  beforeAll(async () => {
    t.a = (await createTenant(db, 'A')).id;
    t.b = (await createTenant(db, 'B')).id;
    t.none = (await createTenant(db, 'None')).id;
    sub.a = await subscribe(t.a, 'growth');
    sub.b = await subscribe(t.b, 'pro');
  });
  const asA = () => principalFor(t.a);

  it("answers the caller's own subscription only", async () => {
    const res = await sg.request(SUBSCRIPTION, { principal: asA() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.subscription).toMatchObject({ id: sub.a, status: 'ACTIVE', billingCycle: 'MONTHLY', tier: { id: tiers.growth, name: 'growth' } });
    const none = await sg.request(SUBSCRIPTION, { principal: principalFor(t.none) });
    expect(none.data).toEqual({ subscription: null });
  });

  it("gives Tenant.subscription of another tenant as null, exactly like a tenant without one", async () => {
    const res = await sg.request(TENANT_SUBSCRIPTION, {
      variables: {
        representations: [
          { __typename: 'Tenant', id: t.a },
          { __typename: 'Tenant', id: t.b },
          { __typename: 'Tenant', id: t.none },
          { __typename: 'Tenant', id: 'not-a-uuid' },
        ],
      },
      principal: asA(),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: t.a, subscription: { id: sub.a, status: 'ACTIVE', tier: { name: 'growth' } } },
      { id: t.b, subscription: null },
      { id: t.none, subscription: null },
      { id: 'not-a-uuid', subscription: null },
    ]);
  });

  it("resolves no TenantSubscription reference of another tenant: it looks missing", async () => {
    const other = await sg.request(SUBSCRIPTION_REF, { variables: { representations: [{ __typename: 'TenantSubscription', id: sub.b }] }, principal: asA() });
    const missing = await sg.request(SUBSCRIPTION_REF, { variables: { representations: [{ __typename: 'TenantSubscription', id: newId() }] }, principal: asA() });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ _entities: [null] });
    const own = await sg.request(SUBSCRIPTION_REF, { variables: { representations: [{ __typename: 'TenantSubscription', id: sub.a }] }, principal: asA() });
    expect(own.data).toEqual({ _entities: [{ id: sub.a, status: 'ACTIVE' }] });
  });

  it("changes only the caller's subscription, never another tenant's", async () => {
    const before = await row(t.b);
    const res = await sg.request(CHANGE, { variables: { input: { tierName: 'free' } }, principal: asA() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.changeSubscription.subscription.tier.name).toBe('free');
    expect(await row(t.b)).toEqual(before);
  });

  it('batches Tenant.subscription: one query for any number of tenants', async () => {
    const ask = (n: number) =>
      sg.request(TENANT_SUBSCRIPTION, {
        variables: { representations: Array.from({ length: n }, () => ({ __typename: 'Tenant', id: newId() })) },
        principal: asA(),
      });
    sg.counter.reset();
    await ask(1);
    const one = sg.counter.count;
    sg.counter.reset();
    await ask(20);
    expect(sg.counter.count).toBe(one);
  });
});

describe('subscription permissions', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = (await createTenant(db, 'Perm')).id;
    await subscribe(tenant, 'growth');
  });

  it('refuses changeSubscription without billing.subscription.write (FORBIDDEN) and changes nothing', async () => {
    const before = await row(tenant);
    const res = await sg.request(CHANGE, {
      variables: { input: { tierName: 'pro' } },
      principal: principalFor(tenant, ['billing.subscription.read', 'billing.tier.read']),
    });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await row(tenant)).toEqual(before);
  });

  it('refuses subscription and Tenant.subscription without billing.subscription.read (FORBIDDEN)', async () => {
    const principal = principalFor(tenant, ['billing.tier.read']);
    const root = await sg.request(SUBSCRIPTION, { principal });
    expect(root.errors![0].extensions!.code).toBe('FORBIDDEN');
    const nested = await sg.request(TENANT_SUBSCRIPTION, { variables: { representations: [{ __typename: 'Tenant', id: tenant }] }, principal });
    expect(nested.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(nested.data).toEqual({ _entities: [{ id: tenant, subscription: null }] });
  });

  it('refuses changeSubscription to a read-only (support) session', async () => {
    const res = await sg.request(CHANGE, { variables: { input: { tierName: 'pro' } }, principal: { ...principalFor(tenant), kind: 'support', readOnly: true } });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('changeSubscription', () => {
  it('switches the tier of an existing subscription and keeps its id and period', async () => {
    const tenant = (await createTenant(db, 'Switch')).id;
    const id = await subscribe(tenant, 'growth');
    const before = await sg.request(SUBSCRIPTION, { principal: principalFor(tenant) });

    const res = await sg.request(CHANGE, { variables: { input: { tierName: 'pro' } }, principal: principalFor(tenant) });
    expect(res.errors).toBeUndefined();
    const changed = res.data!.changeSubscription.subscription;
    expect(changed).toMatchObject({ id, status: 'ACTIVE', billingCycle: 'MONTHLY', cancelAt: null, tier: { name: 'pro' } });
    expect(changed.currentPeriodStart).toBe(before.data!.subscription.currentPeriodStart);
    expect(changed.currentPeriodEnd).toBe(before.data!.subscription.currentPeriodEnd);

    const after = await sg.request(SUBSCRIPTION, { principal: principalFor(tenant) });
    expect(after.data!.subscription.tier).toEqual({ id: tiers.pro, name: 'pro' });
    expect(await row(tenant)).toMatchObject({ id, tier_id: tiers.pro });
  });

  it('accepts the tier by id, and a new billing cycle starts a new period', async () => {
    const tenant = (await createTenant(db, 'Cycle')).id;
    await subscribe(tenant, 'growth');
    const res = await sg.request(CHANGE, { variables: { input: { tierId: tiers.free, billingCycle: 'YEARLY' } }, principal: principalFor(tenant) });
    const changed = res.data!.changeSubscription.subscription;
    expect(changed).toMatchObject({ billingCycle: 'YEARLY', tier: { name: 'free' } });
    const start = new Date(changed.currentPeriodStart);
    const end = new Date(changed.currentPeriodEnd);
    expect(Date.now() - start.getTime()).toBeLessThan(60_000);
    expect(end.getUTCFullYear() - start.getUTCFullYear()).toBe(1);
  });

  it('creates the first subscription of a tenant, and a replay leaves one row', async () => {
    const tenant = (await createTenant(db, 'New')).id;
    const first = await sg.request(CHANGE, { variables: { input: { tierName: 'growth' } }, principal: principalFor(tenant) });
    expect(first.data!.changeSubscription.subscription).toMatchObject({ status: 'ACTIVE', billingCycle: 'MONTHLY', tier: { name: 'growth' } });
    const again = await sg.request(CHANGE, { variables: { input: { tierName: 'growth' } }, principal: principalFor(tenant) });
    expect(again.data!.changeSubscription.subscription.id).toBe(first.data!.changeSubscription.subscription.id);
    expect(await sql(db.ownerUrl, 'SELECT 1 FROM billing.tenant_subscriptions WHERE tenant_id = $1', [tenant])).toHaveLength(1);
  });

  it('reactivates a canceled subscription with a fresh period', async () => {
    const tenant = (await createTenant(db, 'Canceled')).id;
    await subscribe(tenant, 'growth', 'canceled');
    const res = await sg.request(CHANGE, { variables: { input: { tierName: 'growth' } }, principal: principalFor(tenant) });
    const changed = res.data!.changeSubscription.subscription;
    expect(changed).toMatchObject({ status: 'ACTIVE', cancelAt: null });
    expect(Date.now() - new Date(changed.currentPeriodStart).getTime()).toBeLessThan(60_000);
  });
});

describe('subscription input validation', () => {
  it.each([
    [{ tierName: 'legacy' }],
    [{ tierName: 'platinum' }],
    [{ tierId: newId() }],
    [{ tierId: "1' OR 1=1 --" }],
    [{ tierName: 'pro', tierId: newId() }],
    [{}],
    [{ tierName: '' }],
    [{ tierName: 'pro', billingCycle: 'WEEKLY' }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j, and changes nothing', async (input) => {
    const tenant = (await createTenant(db, 'Bad')).id;
    const id = await subscribe(tenant, 'growth');
    const res = await sg.request(CHANGE, { variables: { input }, principal: principalFor(tenant) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
    expect(await row(tenant)).toMatchObject({ id, tier_id: tiers.growth });
  });
});
