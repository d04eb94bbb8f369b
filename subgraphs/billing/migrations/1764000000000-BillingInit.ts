import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

export class BillingInit1764000000000 implements MigrationInterface {
  name = 'BillingInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('billing'));

    // The plan catalog is the same for every tenant: no tenant_id, no RLS. NULL limits mean unlimited.
    await q.query(`
      CREATE TABLE billing.subscription_tiers (
        id uuid PRIMARY KEY,
        name varchar(50) NOT NULL UNIQUE,
        description text,
        price_monthly numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_monthly >= 0),
        price_yearly numeric(10,2) NOT NULL DEFAULT 0 CHECK (price_yearly >= 0),
        features jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(features) = 'object'),
        api_requests_per_minute integer CHECK (api_requests_per_minute > 0),
        max_users integer CHECK (max_users >= 0),
        max_podcasts integer CHECK (max_podcasts >= 0),
        max_campaigns integer CHECK (max_campaigns >= 0),
        sort_order integer NOT NULL DEFAULT 0,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await touchUpdatedAt(q, 'billing.subscription_tiers');
    // Tenants read the catalog; only the owner (migrations, seeds, operators) may change prices.
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON billing.subscription_tiers FROM leadgraph_app`);

    // tier_id may reference the catalog directly: it is global, so no tenant_id pairing applies.
    // No index on tier_id alone: tiers are never deleted by the app, and every index here leads with tenant_id.
    await q.query(`
      CREATE TABLE billing.tenant_subscriptions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tier_id uuid NOT NULL REFERENCES billing.subscription_tiers (id) ON DELETE RESTRICT,
        status varchar(20) NOT NULL DEFAULT 'active'
          CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
        billing_cycle varchar(10) NOT NULL DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly', 'yearly')),
        current_period_start timestamptz NOT NULL,
        current_period_end timestamptz NOT NULL,
        cancel_at timestamptz,
        stripe_subscription_id varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenant_subscriptions_one_per_tenant UNIQUE (tenant_id),
        CONSTRAINT tenant_subscriptions_period_check CHECK (current_period_end > current_period_start)
      )`);
    await touchUpdatedAt(q, 'billing.tenant_subscriptions');
    await enableTenantIsolation(q, 'billing.tenant_subscriptions');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.tenant_subscriptions`);
    await q.query(`DROP TABLE billing.subscription_tiers`);
    await q.query(`DROP FUNCTION billing.touch_updated_at()`);
  }
}
