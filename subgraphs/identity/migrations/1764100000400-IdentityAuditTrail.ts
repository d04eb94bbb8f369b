import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropOutbox, enableTenantIsolation, installOutbox, type AuditTableOptions } from '@leadgraph/shared';

/**
 * Identity's tenant tables under the audit trail. updated_at is left out everywhere: it changes
 * with every update and says nothing the event's time does not.
 *
 * Not audited, on purpose (test/audit.test.ts lists them and fails on any other table without
 * the trigger): security_events, access_logs and error_logs are append-only logs themselves (an
 * event per log line would only copy them); refresh_tokens, password_reset_tokens and
 * email_verification_tokens are session and one-time-link credentials written by every login and
 * refresh, whose meaningful moments (login, reuse, reset requested) are security events, while
 * the resulting user changes (password_hash, email_verified) are audited on users; audit_logs is
 * the trail itself and outbox its queue. role_permissions is derived by a trigger from
 * roles.permissions, whose change is the audited one. permissions and onboarding_steps are
 * global catalogs (no tenant) that only migrations write.
 */
const AUDITED: [string, AuditTableOptions][] = [
  ['tenants', { tenantColumn: 'id', ignore: ['updated_at'] }],
  // 1:1 with the tenant: keyed by tenant_id.
  ['tenant_settings', { idColumn: 'tenant_id', ignore: ['updated_at'] }],
  ['white_label_settings', { idColumn: 'tenant_id', ignore: ['updated_at'] }],
  ['workspaces', { ignore: ['updated_at'] }],
  ['projects', { ignore: ['updated_at'] }],
  // A login sets last_login_at and resets failed_login_attempts, a failed one counts up, a TOTP
  // code moves mfa_last_used_step: sign-in bookkeeping, recorded as security events (login_failed,
  // account_locked), not edits of the user. A lock or unlock (locked_until) stays audited, and a
  // password or MFA change shows as password_hash / mfa_secret_encrypted '[redacted]'.
  ['users', { ignore: ['updated_at', 'last_login_at', 'failed_login_attempts', 'mfa_last_used_step'] }],
  ['user_email_preferences', { idColumn: 'user_id', ignore: ['updated_at'] }],
  ['roles', { ignore: ['updated_at'] }],
  // Keyed (tenant, user, role): filed under the user whose roles changed.
  ['user_roles', { idColumn: 'user_id' }],
  ['resource_ownership', { ignore: ['updated_at'] }],
  ['access_control_policies', { ignore: ['updated_at'] }],
  ['gdpr_requests', { ignore: ['updated_at'] }],
  ['onboarding_progress', { idColumn: 'user_id' }],
  // Creating, revoking and rotating keys are audited; each authenticated call moves
  // last_used_at, which is usage, not an edit. key_hash is redacted by name.
  ['api_keys', { ignore: ['updated_at', 'last_used_at'] }],
];

/**
 * Tables of the first migration are always there. The others come from migrations written at
 * the same time as this one (1764100000100..300) and are attached when present, so this
 * migration stays valid whichever of them a branch registers; test/audit.test.ts fails on any
 * tenant table left without the trigger, which is what makes a missing one visible.
 */
const INITIAL_TABLES = new Set(['tenants', 'users', 'roles', 'user_roles']);

async function tableExists(q: QueryRunner, table: string): Promise<boolean> {
  const [row] = await q.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  return row.present === true;
}

/**
 * The audit trail of every domain, and identity's own outbox.
 *
 * Each subgraph's triggers write events into its own outbox; each subgraph's relay posts them to
 * identity, which stores them here once (the event id is the primary key, so a batch delivered
 * twice adds nothing). Fields are the union of seeds 000, 001 and 003, plus `domain` (the
 * subgraph) and `request_id`.
 */
export class IdentityAuditTrail1764100000400 implements MigrationInterface {
  name = 'IdentityAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    // No foreign keys. tenant_id: events of a tenant may arrive from other subgraphs after the
    // tenant row is gone, and a refused insert would block the relay forever. user_id: the
    // actor must survive the user's deletion (a SET NULL would rewrite the trail) and may be a
    // support user of no tenant here. Null actor = a change with no signed-in user (sign-up,
    // failed-login bookkeeping, seeds and maintenance by the owner role).
    await q.query(`
      CREATE TABLE identity.audit_logs (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        user_id uuid,
        entity_type varchar(100) NOT NULL,
        entity_id uuid NOT NULL,
        action varchar(20) NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'DELETE')),
        entity_name varchar(255),
        old_values jsonb,
        new_values jsonb,
        reason text,
        ip_address varchar(45),
        user_agent varchar(500),
        request_id varchar(128),
        domain varchar(50) NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_logs_tenant_time_idx ON identity.audit_logs (tenant_id, occurred_at, id)`);
    await q.query(`CREATE INDEX audit_logs_tenant_entity_idx ON identity.audit_logs (tenant_id, entity_type, entity_id)`);
    await q.query(`CREATE INDEX audit_logs_tenant_user_time_idx ON identity.audit_logs (tenant_id, user_id, occurred_at)`);
    await enableTenantIsolation(q, 'identity.audit_logs');
    // The trail is append-only for the app: the ingest inserts, admins read, nobody rewrites.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON identity.audit_logs FROM leadgraph_app`);

    // The permission auditLogs requires, in the catalog tenant roles are checked against (admins
    // hold it through identity.*). The catalog comes from a migration written alongside this one.
    if (await tableExists(q, 'identity.permissions')) {
      await q.query(
        `INSERT INTO identity.permissions (name, domain, resource, action, description)
         VALUES ('identity.audit.read', 'identity', 'audit', 'read', 'Read the audit trail of every domain') ON CONFLICT (name) DO NOTHING`,
      );
    }

    await installOutbox(q, 'identity');
    for (const [table, opts] of AUDITED) {
      if (INITIAL_TABLES.has(table) || (await tableExists(q, `identity.${table}`))) await auditTable(q, `identity.${table}`, opts);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of [...AUDITED].reverse()) {
      if (await tableExists(q, `identity.${table}`)) await q.query(`DROP TRIGGER IF EXISTS ${table}_audit ON identity.${table}`);
    }
    await dropOutbox(q, 'identity');
    await q.query(`DROP TABLE identity.audit_logs`);
    if (await tableExists(q, 'identity.permissions')) await q.query(`DELETE FROM identity.permissions WHERE name = 'identity.audit.read'`);
  }
}
