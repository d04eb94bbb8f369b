import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An API key may be restricted to one trusted-documents manifest of the gateway (by its name,
 * the file `<name>.json` in TRUSTED_DOCUMENTS_DIR): it then runs only that manifest's operations.
 * Identity stores the name and hands it to the gateway with the principal; whether the manifest
 * exists is the gateway's to say (an unknown one refuses every request of the key).
 */
export class ApiKeyTrustedDocuments1764200000000 implements MigrationInterface {
  name = 'ApiKeyTrustedDocuments1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity.api_keys
        ADD COLUMN trusted_documents varchar(100),
        ADD CONSTRAINT api_keys_trusted_documents_format CHECK (trusted_documents ~ '^[a-z0-9][a-z0-9-]{0,99}$')`);
    // The function's result gains a column: it must be dropped and created again (and granted).
    await q.query(`DROP FUNCTION identity.api_key_principal(bytea)`);
    await createPrincipalFunction(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION identity.api_key_principal(bytea)`);
    await createPrincipalFunction(q, false);
    await q.query(`ALTER TABLE identity.api_keys DROP COLUMN trusted_documents`);
  }
}

/** As in IdentityApiKeys: the one narrow read before the key's tenant is known. */
async function createPrincipalFunction(q: QueryRunner, withTrustedDocuments: boolean): Promise<void> {
  await q.query(`
    CREATE FUNCTION identity.api_key_principal(p_key_hash bytea)
    RETURNS TABLE (api_key_id uuid, tenant_id uuid, user_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz, user_active boolean, tenant_active boolean${withTrustedDocuments ? ', trusted_documents varchar' : ''})
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, identity AS $$
      SELECT k.id, k.tenant_id, k.user_id, k.scopes, k.expires_at, k.revoked_at, u.is_active, t.is_active${withTrustedDocuments ? ', k.trusted_documents' : ''}
      FROM identity.api_keys k
      JOIN identity.users u ON u.id = k.user_id AND u.tenant_id = k.tenant_id
      JOIN identity.tenants t ON t.id = k.tenant_id
      WHERE k.key_hash = p_key_hash
    $$`);
  await q.query(`REVOKE ALL ON FUNCTION identity.api_key_principal(bytea) FROM PUBLIC`);
  await q.query(`GRANT EXECUTE ON FUNCTION identity.api_key_principal(bytea) TO leadgraph_app`);
}
