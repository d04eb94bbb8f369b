import { ENTITIES_QUERY, createTenant, createTestDatabase, principalFor, sql, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { newId } from '@leadgraph/shared';
import { billing } from '@leadgraph/billing';

const TIER = `query($id: ID!) { subscriptionTier(id: $id) { id name priceMonthly priceYearly features maxCampaigns } }`;
const TIERS = `query($first: Int, $last: Int, $after: String, $before: String, $filter: SubscriptionTierFilter, $orderBy: [SubscriptionTierOrder!]) {
  subscriptionTiers(first: $first, last: $last, after: $after, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id name priceMonthly isActive } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

let db: TestDatabase;
let sg: TestSubgraph;
const tenants: { a: string; b: string } = { a: '', b: '' };
const tiers: Record<string, string> = {};

async function insertTier(name: string, priceMonthly: number, sortOrder: number, isActive = true) {
  const id = newId();
  await sql(
    db.ownerUrl,
    `INSERT INTO billing.subscription_tiers (id, name, price_monthly, price_yearly, features, max_campaigns, sort_order, is_active)
     VALUES ($1, $2, $3::numeric, $3::numeric * 10, $4, $5, $6, $7)`,
    [id, name, priceMonthly, { seats: sortOrder }, priceMonthly > 100 ? null : 5, sortOrder, isActive],
  );
  tiers[name] = id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startTestSubgraph(db, billing);
  tenants.a = (await createTenant(db, 'A')).id;
  tenants.b = (await createTenant(db, 'B')).id;
  // Catalog order differs from price order on purpose, to tell the two orders apart.
  await insertTier('free', 0, 10);
  await insertTier('starter', 29.5, 20);
  await insertTier('growth', 99, 40);
  await insertTier('pro', 299.99, 30);
  await insertTier('legacy', 49, 50, false);
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

describe('subscription tier catalog is global and read-only', () => {
  it('shows every tenant the same catalog, by id, in lists and through _entities', async () => {
    const forA = await sg.request(TIERS, { principal: principalFor(tenants.a) });
    const forB = await sg.request(TIERS, { principal: principalFor(tenants.b) });
    expect(forA.errors).toBeUndefined();
    expect(forA.data).toEqual(forB.data);
    expect(forA.data!.subscriptionTiers.totalCount).toBe(5);

    const one = await sg.request(TIER, { variables: { id: tiers.pro }, principal: principalFor(tenants.b) });
    expect(one.data).toEqual({
      subscriptionTier: { id: tiers.pro, name: 'pro', priceMonthly: 299.99, priceYearly: 2999.9, features: { seats: 30 }, maxCampaigns: null },
    });
    const ref = await sg.request(ENTITIES_QUERY('... on SubscriptionTier { id name }'), {
      variables: { representations: [{ __typename: 'SubscriptionTier', id: tiers.growth }] },
      principal: principalFor(tenants.a),
    });
    expect(ref.data).toEqual({ _entities: [{ id: tiers.growth, name: 'growth' }] });
  });

  it('answers null for an unknown or malformed id', async () => {
    for (const id of [newId(), "1' OR 1=1 --"]) {
      const res = await sg.request(TIER, { variables: { id }, principal: principalFor(tenants.a) });
      expect(res).toMatchObject({ data: { subscriptionTier: null } });
      expect(res.errors).toBeUndefined();
    }
  });

  it.each([
    ['INSERT', `INSERT INTO billing.subscription_tiers (id, name) VALUES ('${newId()}', 'hacked')`],
    ['UPDATE', `UPDATE billing.subscription_tiers SET price_monthly = 0`],
    ['DELETE', `DELETE FROM billing.subscription_tiers`],
  ])('refuses %s on the catalog to the app role (permission denied)', async (_verb, statement) => {
    await expect(sql(db.appUrl, statement)).rejects.toThrow(/permission denied for table subscription_tiers/);
    const [{ n }] = await sql<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM billing.subscription_tiers WHERE price_monthly > 0`);
    expect(n).toBe(4);
  });
});

describe('subscription tier permissions', () => {
  it('refuses reads without billing.tier.read (FORBIDDEN)', async () => {
    const principal = principalFor(tenants.a, ['billing.subscription.read']);
    for (const [query, variables] of [[TIERS, {}], [TIER, { id: tiers.free }]] as const) {
      const res = await sg.request(query, { variables, principal });
      expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(res.data?.subscriptionTier ?? res.data?.subscriptionTiers ?? null).toBeNull();
    }
  });

  it('answers 401 without the internal token', async () => {
    const res = await sg.request(TIERS, { principal: null });
    expect(res.status).toBe(401);
  });
});

describe('subscription tier pagination, filter and order', () => {
  const names = (res: any) => res.data!.subscriptionTiers.edges.map((e: any) => e.node.name);

  it('lists in catalog order by default', async () => {
    const res = await sg.request(TIERS, { principal: principalFor(tenants.a) });
    expect(names(res)).toEqual(['free', 'starter', 'pro', 'growth', 'legacy']);
  });

  it('walks pages by monthly price, forwards and backwards', async () => {
    const principal = principalFor(tenants.a);
    const orderBy = [{ field: 'PRICE_MONTHLY', direction: 'DESC' }];
    const first = await sg.request(TIERS, { variables: { first: 2, orderBy }, principal });
    expect(names(first)).toEqual(['pro', 'growth']);
    expect(first.data!.subscriptionTiers.edges[0].node.priceMonthly).toBe(299.99);
    expect(first.data!.subscriptionTiers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await sg.request(TIERS, { variables: { first: 2, after: first.data!.subscriptionTiers.pageInfo.endCursor, orderBy }, principal });
    expect(names(second)).toEqual(['legacy', 'starter']);
    const third = await sg.request(TIERS, { variables: { first: 2, after: second.data!.subscriptionTiers.pageInfo.endCursor, orderBy }, principal });
    expect(names(third)).toEqual(['free']);
    expect(third.data!.subscriptionTiers.pageInfo.hasNextPage).toBe(false);
    const back = await sg.request(TIERS, { variables: { last: 2, before: third.data!.subscriptionTiers.pageInfo.startCursor, orderBy }, principal });
    expect(names(back)).toEqual(['legacy', 'starter']);
  });

  it('filters on isActive and name with and/or/not', async () => {
    const res = await sg.request(TIERS, {
      variables: {
        filter: { isActive: { eq: true }, or: [{ name: { startsWith: 'st' } }, { name: { in: ['pro', 'legacy'] } }], not: { name: { eq: 'free' } } },
        orderBy: [{ field: 'NAME' }],
      },
      principal: principalFor(tenants.a),
    });
    expect(names(res)).toEqual(['pro', 'starter']);
    expect(res.data!.subscriptionTiers.totalCount).toBe(2);
  });
});

describe('subscription tier input validation', () => {
  it.each([
    [{ first: 101 }],
    [{ first: 1, after: 'not-a-cursor' }],
    [{ first: 1, last: 1 }],
    [{ orderBy: [{ field: 'PRICE_YEARLY' }] }],
  ])('answers BAD_USER_INPUT without SQL or stack for %j', async (variables) => {
    const res = await sg.request(TIERS, { variables, principal: principalFor(tenants.a) });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stack|at \w+ \(/i);
  });

  it('never shows SQL for a forged cursor of the right order', async () => {
    const after = Buffer.from(JSON.stringify({ k: 'sortOrder:ASC,id:ASC', v: ["x' OR 1=1", 'y'] })).toString('base64url');
    const res = await sg.request(TIERS, { variables: { first: 1, after }, principal: principalFor(tenants.a) });
    // shared's paginate does not type-check cursor values yet, so this is masked as INTERNAL_SERVER_ERROR
    // rather than BAD_USER_INPUT; either way nothing of the statement reaches the client.
    expect(res.errors).toHaveLength(1);
    expect(JSON.stringify(res)).not.toMatch(/SELECT|syntax|integer|stack|at \w+ \(/i);
  });
});
