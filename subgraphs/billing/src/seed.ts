import type { EntityManager } from 'typeorm';
import type { DemoContext } from '@leadgraph/shared';

// null limit = unlimited. Prices are in the billing currency.
const TIERS = [
  {
    name: 'free', description: 'One podcast to try attribution.', monthly: 0, yearly: 0,
    rpm: 60, users: 3, podcasts: 1, campaigns: 1,
    features: { attribution: 'basic', aiMatching: false, whiteLabel: false, apiAccess: false, support: 'community' },
  },
  {
    name: 'starter', description: 'A small team and a few shows.', monthly: 29, yearly: 290,
    rpm: 300, users: 10, podcasts: 3, campaigns: 10,
    features: { attribution: 'basic', aiMatching: false, whiteLabel: false, apiAccess: true, support: 'email' },
  },
  {
    name: 'growth', description: 'Sponsor campaigns with AI matching.', monthly: 99, yearly: 990,
    rpm: 1000, users: 50, podcasts: 10, campaigns: 50,
    features: { attribution: 'advanced', aiMatching: true, whiteLabel: false, apiAccess: true, support: 'email' },
  },
  {
    name: 'pro', description: 'Networks with many shows.', monthly: 299, yearly: 2990,
    rpm: 3000, users: 200, podcasts: 50, campaigns: null,
    features: { attribution: 'advanced', aiMatching: true, whiteLabel: true, apiAccess: true, support: 'priority' },
  },
  {
    name: 'enterprise', description: 'No limits, custom terms.', monthly: 999, yearly: 9990,
    rpm: 10000, users: null, podcasts: null, campaigns: null,
    features: { attribution: 'advanced', aiMatching: true, whiteLabel: true, apiAccess: true, support: 'dedicated', sso: true },
  },
];

/** The global tier catalog once, then every demo tenant on an active monthly `growth` subscription. */
export async function seedBilling(manager: EntityManager, demo: DemoContext): Promise<void> {
  for (const [i, tier] of TIERS.entries()) {
    await manager.query(
      `INSERT INTO billing.subscription_tiers (id, name, description, price_monthly, price_yearly, features,
         api_requests_per_minute, max_users, max_podcasts, max_campaigns, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [demo.id(`tier:${tier.name}`), tier.name, tier.description, tier.monthly, tier.yearly, tier.features,
        tier.rpm, tier.users, tier.podcasts, tier.campaigns, (i + 1) * 10],
    );
  }
  for (const tenant of demo.tenants) {
    // No conflict target: a tenant that already chose a plan (another id, same tenant_id) keeps it.
    await manager.query(
      `INSERT INTO billing.tenant_subscriptions (id, tenant_id, tier_id, status, billing_cycle, current_period_start, current_period_end)
       VALUES ($1, $2, $3, 'active', 'monthly', date_trunc('month', now()), date_trunc('month', now()) + interval '1 month')
       ON CONFLICT DO NOTHING`,
      [demo.id(`${tenant.slug}:subscription`), tenant.id, demo.id('tier:growth')],
    );
  }
}
