import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropAuditTable, dropOutbox, installOutbox } from '@leadgraph/shared';

/**
 * Audit trail: every change to a podcasts tenant table writes an event into podcasts.outbox in
 * the same transaction (see installOutbox). Deleting a podcast leaves one DELETE per episode
 * too: the cascade removes real rows. updated_at is left out: the event's time says it.
 */
export class PodcastsAuditTrail1764100000400 implements MigrationInterface {
  name = 'PodcastsAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    await installOutbox(q, 'podcasts');
    await auditTable(q, 'podcasts.podcasts', { ignore: ['updated_at'] });
    await auditTable(q, 'podcasts.episodes', { ignore: ['updated_at'] });
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, 'podcasts.episodes');
    await dropAuditTable(q, 'podcasts.podcasts');
    await dropOutbox(q, 'podcasts');
  }
}
