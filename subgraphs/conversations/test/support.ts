import { newId } from '@leadgraph/shared';
import { sql, type TestDatabase } from '@leadgraph/shared/testing';

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
