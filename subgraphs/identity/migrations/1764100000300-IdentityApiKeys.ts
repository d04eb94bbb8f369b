import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt } from '@leadgraph/shared';

/**
 * Partners' API keys (seed 001 api_keys). The secret is `lg_<prefix>_<32 random bytes, base64url>`
 * and only its SHA-256 is stored: the secret carries 256 bits of entropy, so a fast hash cannot be
 * brute-forced, and unlike a salted slow hash (bcrypt) it can be looked up through a unique index.
 * The prefix is stored in clear so people can tell their keys apart; it authenticates nothing.
 */
export class IdentityApiKeys1764100000300 implements MigrationInterface {
  name = 'IdentityApiKeys1764100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        prefix char(8) NOT NULL,
        key_hash bytea NOT NULL,
        scopes text[] NOT NULL,
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        rotated_from_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_keys_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT api_keys_rotated_from_fkey FOREIGN KEY (tenant_id, rotated_from_id) REFERENCES identity.api_keys (tenant_id, id),
        CONSTRAINT api_keys_name_not_blank CHECK (btrim(name) <> ''),
        CONSTRAINT api_keys_prefix_format CHECK (prefix ~ '^[0-9a-f]{8}$'),
        CONSTRAINT api_keys_key_hash_length CHECK (octet_length(key_hash) = 32),
        CONSTRAINT api_keys_scopes_not_empty CHECK (cardinality(scopes) > 0)
      )`);
    // The one index that does not lead with tenant_id: a presented key must be found before its
    // tenant is known. Acceptable because the value is the hash of an opaque random secret: it
    // reveals nothing and cannot be enumerated. Under Citus (distribution by tenant_id) this
    // unique index cannot stay global; a 256-bit random secret needs no uniqueness check there,
    // and the lookup becomes a fan-out, which the gateway's principal cache keeps rare.
    await q.query(`CREATE UNIQUE INDEX api_keys_key_hash_key ON identity.api_keys (key_hash)`);
    await q.query(`CREATE INDEX api_keys_tenant_created_idx ON identity.api_keys (tenant_id, created_at, id)`);
    await q.query(`CREATE INDEX api_keys_tenant_user_idx ON identity.api_keys (tenant_id, user_id, created_at)`);
    await q.query(`CREATE INDEX api_keys_tenant_prefix_idx ON identity.api_keys (tenant_id, prefix)`);
    await touchUpdatedAt(q, 'identity.api_keys');
    await enableTenantIsolation(q, 'identity.api_keys');

    // Like identity.login_candidates: the one read that happens before a tenant is known, kept
    // narrow. It answers only for the exact hash (the caller must hold the secret) and returns
    // only what the decision needs; the user join also checks that the key's user belongs to
    // the key's tenant. Everything after it (roles, team, last_used_at) runs under RLS.
    await q.query(`
      CREATE FUNCTION identity.api_key_principal(p_key_hash bytea)
      RETURNS TABLE (api_key_id uuid, tenant_id uuid, user_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz, user_active boolean, tenant_active boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, identity AS $$
        SELECT k.id, k.tenant_id, k.user_id, k.scopes, k.expires_at, k.revoked_at, u.is_active, t.is_active
        FROM identity.api_keys k
        JOIN identity.users u ON u.id = k.user_id AND u.tenant_id = k.tenant_id
        JOIN identity.tenants t ON t.id = k.tenant_id
        WHERE k.key_hash = p_key_hash
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION identity.api_key_principal(bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION identity.api_key_principal(bytea) TO leadgraph_app`);

    // Into the permission catalog (IdentityDirectory), so tenant roles may grant them by name;
    // guarded so this migration stands on its own if the catalog is not there.
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('identity.permissions') IS NOT NULL THEN
          INSERT INTO identity.permissions (name, domain, resource, action, description) VALUES
            ('identity.apikey.read', 'identity', 'apikey', 'read', 'List the API keys of the tenant (never their secrets)'),
            ('identity.apikey.write', 'identity', 'apikey', 'write', 'Create, revoke and rotate one''s own API keys')
          ON CONFLICT (name) DO NOTHING;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION identity.api_key_principal(bytea)`);
    await q.query(`DROP TABLE identity.api_keys`);
  }
}
