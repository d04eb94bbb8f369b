import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropAuditTable, dropOutbox, installOutbox } from '@leadgraph/shared';

/**
 * Audit trail: every change to a conversations tenant table writes an event into
 * conversations.outbox in the same transaction (see installOutbox). The social accounts' tokens
 * (*_token_encrypted) are redacted by name. updated_at is left out: the event's time says it.
 */
export class ConversationsAuditTrail1764100000400 implements MigrationInterface {
  name = 'ConversationsAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    await installOutbox(q, 'conversations');
    await auditTable(q, 'conversations.social_accounts', { ignore: ['updated_at'] });
    // message_count and last_message_at follow every new message, which has its own event.
    await auditTable(q, 'conversations.conversations', { ignore: ['updated_at', 'message_count', 'last_message_at'] });
    // On the partitioned parent: PostgreSQL clones a row trigger onto every partition, the
    // DEFAULT one and those createMessagePartition adds later included.
    await auditTable(q, 'conversations.messages');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTable(q, 'conversations.messages');
    await dropAuditTable(q, 'conversations.conversations');
    await dropAuditTable(q, 'conversations.social_accounts');
    await dropOutbox(q, 'conversations');
  }
}
