import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@leadgraph/shared';

/**
 * Sign-in flows (issue 3, item 2): refresh tokens rotated in families, single-use password-reset
 * and email-verification tokens (seed 001), lockout and TOTP state on users.
 *
 * Every token column holds sha256(token) as 32 bytes, never the token: the tokens are 256 random
 * bits, so a plain hash cannot be reversed or brute-forced, and a database leak yields nothing
 * usable. The seeds call the column `token`; `token_hash` says what it holds.
 */
export class IdentityAuthFlows1764100000200 implements MigrationInterface {
  name = 'IdentityAuthFlows1764100000200';

  async up(q: QueryRunner): Promise<void> {
    // The TOTP secret must be read back to check codes, so it cannot be hashed: it is stored
    // AES-256-GCM encrypted by the app (key MFA_ENCRYPTION_KEY, user id as associated data),
    // as `v1:<iv>:<tag>:<ciphertext>` in base64url. The database never sees the key.
    // mfa_last_used_step refuses a code twice (RFC 6238 §5.2); password_changed_at lets token
    // checks refuse what was issued before a password change.
    await q.query(`
      ALTER TABLE identity.users
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN mfa_secret_encrypted text,
        ADD COLUMN mfa_last_used_step bigint,
        ADD CONSTRAINT users_mfa_needs_secret CHECK (NOT mfa_enabled OR mfa_secret_encrypted IS NOT NULL)`);

    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        replaced_by uuid REFERENCES identity.refresh_tokens (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
        revoked_at timestamptz,
        revoked_reason varchar(30) CHECK (revoked_reason IN ('logout', 'reuse', 'password_reset', 'user_deactivated', 'admin')),
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT refresh_tokens_token_hash_length CHECK (octet_length(token_hash) = 32),
        CONSTRAINT refresh_tokens_revoked_with_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX refresh_tokens_tenant_family_idx ON identity.refresh_tokens (tenant_id, family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_tenant_user_idx ON identity.refresh_tokens (tenant_id, user_id) WHERE revoked_at IS NULL`);
    await enableTenantIsolation(q, 'identity.refresh_tokens');

    await q.query(`
      CREATE TABLE identity.password_reset_tokens (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT password_reset_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT password_reset_tokens_token_hash_length CHECK (octet_length(token_hash) = 32)
      )`);
    await q.query(`CREATE INDEX password_reset_tokens_tenant_user_idx ON identity.password_reset_tokens (tenant_id, user_id) WHERE used_at IS NULL`);
    await enableTenantIsolation(q, 'identity.password_reset_tokens');

    // `email` is the address the token was sent to: a token proves that mailbox only, so it
    // verifies nothing once the user's email has changed.
    await q.query(`
      CREATE TABLE identity.email_verification_tokens (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        email varchar(255) NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_verification_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT email_verification_tokens_token_hash_length CHECK (octet_length(token_hash) = 32)
      )`);
    await q.query(`CREATE INDEX email_verification_tokens_tenant_user_idx ON identity.email_verification_tokens (tenant_id, user_id)`);
    await enableTenantIsolation(q, 'identity.email_verification_tokens');

    // A client presents these tokens before any tenant is known. As for login_candidates, the
    // policies stay strict and one narrow SECURITY DEFINER function per table maps a token hash
    // to its tenant and nothing else; the app then reads the row under RLS as that tenant.
    // This is also why the token_hash unique indexes (the seed's `token unique`) do not lead
    // with tenant_id: they serve the one lookup that happens before the tenant is known.
    const lookups = [
      ['refresh_token_tenant', 'refresh_tokens'],
      ['password_reset_token_tenant', 'password_reset_tokens'],
      ['email_verification_token_tenant', 'email_verification_tokens'],
    ];
    for (const [fn, table] of lookups) {
      await q.query(`
        CREATE FUNCTION identity.${fn}(p_token_hash bytea)
        RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, identity AS $$
          SELECT tenant_id FROM identity.${table} WHERE token_hash = p_token_hash
        $$`);
      await q.query(`REVOKE ALL ON FUNCTION identity.${fn}(bytea) FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION identity.${fn}(bytea) TO leadgraph_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION identity.refresh_token_tenant(bytea), identity.password_reset_token_tenant(bytea), identity.email_verification_token_tenant(bytea)`);
    await q.query(`DROP TABLE identity.email_verification_tokens, identity.password_reset_tokens, identity.refresh_tokens`);
    await q.query(`
      ALTER TABLE identity.users
        DROP CONSTRAINT users_mfa_needs_secret,
        DROP COLUMN mfa_last_used_step,
        DROP COLUMN mfa_secret_encrypted,
        DROP COLUMN password_changed_at`);
  }
}
