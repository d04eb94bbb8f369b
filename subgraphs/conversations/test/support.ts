import { APP_ROLE, OWNER_ROLE, createSubgraphDataSource, newId } from '@leadgraph/shared';
import { sql, type TestDatabase } from '@leadgraph/shared/testing';
import { conversations } from '@leadgraph/conversations';

/**
 * The jest template is migrated for every module in scripts/src/subgraphs.ts. Until
 * conversations is listed there, a test database gets its schema here, the way
 * bootstrapDatabase and migrate would make it; once it is listed, this is a no-op.
 */
export async function ensureConversationsSchema(db: TestDatabase): Promise<void> {
  const [{ present }] = await sql<{ present: boolean }>(db.adminUrl, `SELECT to_regnamespace('conversations') IS NOT NULL AS present`);
  if (present) return;
  for (const statement of [
    `CREATE SCHEMA conversations AUTHORIZATION ${OWNER_ROLE}`,
    `GRANT USAGE ON SCHEMA conversations TO ${APP_ROLE}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA conversations GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA conversations GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`,
  ]) {
    await sql(db.adminUrl, statement);
  }
  const ds = createSubgraphDataSource({ url: db.ownerUrl, schema: 'conversations', entities: conversations.entities, migrations: conversations.migrations, poolSize: 1 });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(`REVOKE ALL ON conversations.migrations FROM ${APP_ROLE}`);
  } finally {
    await ds.destroy();
  }
}

/** A connected account, arranged as the owner: there is no create mutation yet. */
export async function insertSocialAccount(
  db: TestDatabase,
  tenantId: string,
  values: { platform?: string; accountId?: string; accountName?: string; connectedAt?: Date } = {},
): Promise<string> {
  const id = newId();
  await sql(
    db.ownerUrl,
    `INSERT INTO conversations.social_accounts (id, tenant_id, platform, account_id, account_name, access_token_encrypted, connected_at)
     VALUES ($1, $2, $3, $4, $5, 'test-placeholder-not-a-token', $6)`,
    [id, tenantId, values.platform ?? 'linkedin', values.accountId ?? id, values.accountName ?? null, values.connectedAt ?? new Date()],
  );
  return id;
}
