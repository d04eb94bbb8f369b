import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

/** First day (UTC) of the month `offset` months after `from`, as `YYYY-MM-DD`. */
const monthStart = (from: Date, offset: number) =>
  new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);

/**
 * Creates one monthly partition of conversations.messages with the same tenant isolation as the
 * parent. RLS is per table: the parent's policy guards queries through `messages`, but a
 * partition read by its own name would show every tenant. Any partition created later (by a
 * maintenance job or a later migration) must go through the same two steps.
 */
export async function createMessagePartition(q: QueryRunner, month: string): Promise<void> {
  const [y, m] = month.split('-');
  const name = `conversations.messages_${y}_${m}`;
  const next = monthStart(new Date(`${month}T00:00:00Z`), 1);
  await q.query(
    `CREATE TABLE ${name} PARTITION OF conversations.messages FOR VALUES FROM ('${month} 00:00:00+00') TO ('${next} 00:00:00+00')`,
  );
  await enableTenantIsolation(q, name);
}

export class ConversationsInit1764000000000 implements MigrationInterface {
  name = 'ConversationsInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('conversations'));

    // platform stays free text as in seed 002: new networks should not need a migration.
    await q.query(`
      CREATE TABLE conversations.social_accounts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        platform varchar(50) NOT NULL,
        account_id varchar(255) NOT NULL,
        account_name varchar(255),
        access_token_encrypted text NOT NULL,
        refresh_token_encrypted text,
        token_expires_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        connected_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT social_accounts_tenant_platform_account_key UNIQUE (tenant_id, platform, account_id),
        -- Target of the composite FK below: a conversation can only point at its own tenant's account.
        CONSTRAINT social_accounts_tenant_id_key UNIQUE (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX social_accounts_tenant_connected_idx ON conversations.social_accounts (tenant_id, connected_at, id)`);
    await touchUpdatedAt(q, 'conversations.social_accounts');
    await enableTenantIsolation(q, 'conversations.social_accounts');

    // lead_id is the crm Lead this conversation was qualified into: another subgraph, so no FK.
    await q.query(`
      CREATE TABLE conversations.conversations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        social_account_id uuid NOT NULL,
        platform_conversation_id varchar(255) NOT NULL,
        participant_id varchar(255) NOT NULL,
        participant_name varchar(255),
        status varchar(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        last_message_at timestamptz NOT NULL DEFAULT now(),
        message_count integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
        lead_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conversations_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT conversations_platform_conversation_key UNIQUE (tenant_id, social_account_id, platform_conversation_id),
        CONSTRAINT conversations_social_account_fk FOREIGN KEY (tenant_id, social_account_id)
          REFERENCES conversations.social_accounts (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX conversations_tenant_status_idx ON conversations.conversations (tenant_id, status)`);
    await q.query(`CREATE INDEX conversations_tenant_last_message_idx ON conversations.conversations (tenant_id, last_message_at DESC, id DESC)`);
    await q.query(`CREATE INDEX conversations_tenant_started_idx ON conversations.conversations (tenant_id, started_at, id)`);
    await q.query(`CREATE INDEX conversations_tenant_lead_idx ON conversations.conversations (tenant_id, lead_id) WHERE lead_id IS NOT NULL`);
    await touchUpdatedAt(q, 'conversations.conversations');
    await enableTenantIsolation(q, 'conversations.conversations');

    // Range-partitioned by month (seed 002); the partition key must be part of the primary key,
    // hence (id, received_at). A unique platform_message_id is impossible across partitions, so
    // createMessage deduplicates under a lock on the conversation instead.
    await q.query(`
      CREATE TABLE conversations.messages (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        platform_message_id varchar(255) NOT NULL,
        direction varchar(20) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        content text NOT NULL,
        sender_id varchar(255),
        received_at timestamptz NOT NULL DEFAULT now(),
        metadata jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (id, received_at),
        CONSTRAINT messages_conversation_fk FOREIGN KEY (tenant_id, conversation_id)
          REFERENCES conversations.conversations (tenant_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (received_at)`);
    await q.query(
      `CREATE INDEX messages_tenant_conversation_received_idx ON conversations.messages (tenant_id, conversation_id, received_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX messages_tenant_platform_message_idx ON conversations.messages (tenant_id, platform_message_id)`);
    await enableTenantIsolation(q, 'conversations.messages');

    // The DEFAULT partition takes any row no monthly partition covers, so an insert never fails
    // for lack of a partition. Before adding a month whose rows already sit here, move them out.
    await q.query(`CREATE TABLE conversations.messages_default PARTITION OF conversations.messages DEFAULT`);
    await enableTenantIsolation(q, 'conversations.messages_default');
    const now = new Date();
    for (const offset of [0, 1, 2]) await createMessagePartition(q, monthStart(now, offset));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversations.messages, conversations.conversations, conversations.social_accounts`);
    await q.query(`DROP FUNCTION conversations.touch_updated_at()`);
  }
}
