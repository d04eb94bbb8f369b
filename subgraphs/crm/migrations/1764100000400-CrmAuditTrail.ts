import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropAuditTable, dropOutbox, installOutbox } from '@leadgraph/shared';

/**
 * Audit trail: every change to a crm tenant table writes an event into crm.outbox in the same
 * transaction (see installOutbox). updated_at is left out everywhere: it changes with every
 * update and says nothing the event's occurred_at does not.
 */
export class CrmAuditTrail1764100000400 implements MigrationInterface {
  name = 'CrmAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    await installOutbox(q, 'crm');
    // search_vector is generated from name, email and company, which are audited themselves.
    await auditTable(q, 'crm.leads', { ignore: ['updated_at', 'search_vector'] });
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, 'crm.leads');
    await dropOutbox(q, 'crm');
  }
}
