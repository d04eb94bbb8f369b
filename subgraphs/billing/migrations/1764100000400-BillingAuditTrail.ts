import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropAuditTable, dropOutbox, installOutbox } from '@leadgraph/shared';

/**
 * Audit trail: every change to a billing tenant table writes an event into billing.outbox in the
 * same transaction (see installOutbox). The tier catalog (subscription_tiers) is global and
 * only the owner role may change it: it has no tenant to file an event under, so it is not
 * audited here; its changes come from migrations and seeds, which are reviewed as code.
 */
export class BillingAuditTrail1764100000400 implements MigrationInterface {
  name = 'BillingAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    await installOutbox(q, 'billing');
    await auditTable(q, 'billing.tenant_subscriptions', { ignore: ['updated_at'] });
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, 'billing.tenant_subscriptions');
    await dropOutbox(q, 'billing');
  }
}
