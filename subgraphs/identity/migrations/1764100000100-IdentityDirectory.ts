import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt } from '@leadgraph/shared';

/**
 * Permission names known when this migration was written: those the role presets of
 * shared/src/auth/permissions.ts grant, identity's own, and support access. Frozen here on
 * purpose (a migration must not change with the code); the start script and the test setup
 * register every subgraph's declared permissions on top, with ON CONFLICT DO NOTHING as here.
 */
const PERMISSIONS: [name: string, description: string][] = [
  ['identity.user.read', 'Read the users of the tenant'],
  ['identity.user.write', 'Create, change, deactivate and reactivate users'],
  ['identity.role.read', 'Read roles, role presets and the permission catalog'],
  ['identity.role.write', 'Create, change, delete and assign roles'],
  ['identity.tenant.read', 'Read the tenant'],
  ['identity.tenant.write', "Change the tenant's name, settings and white-label branding"],
  ['identity.workspace.read', 'Read workspaces'],
  ['identity.workspace.write', 'Create, change and delete workspaces'],
  ['identity.project.read', 'Read projects'],
  ['identity.project.write', 'Create, change and delete projects'],
  ['identity.policy.read', 'Read resource ownership and access-control policies'],
  ['identity.policy.write', 'Change resource ownership and access-control policies'],
  ['identity.gdpr.read', "Read the tenant's GDPR requests"],
  ['identity.gdpr.write', 'Process GDPR requests'],
  ['identity.error.read', "Read the tenant's error logs"],
  ['assessments.assessment.read', 'Read assessments'],
  ['assessments.assessment.write', 'Create and change assessments'],
  ['assessments.response.read', 'Read assessment responses'],
  ['assessments.response.write', 'Record assessment responses'],
  ['crm.lead.read', 'Read leads'],
  ['crm.lead.write', 'Create and change leads'],
  ['crm.lead.delete', 'Delete leads'],
  ['crm.data.view_all', "Data scope: every CRM record of the tenant (004 view_all_data)"],
  ['crm.data.view_team', "Data scope: one's own CRM records and those of one's reports (004 view_team_data)"],
  ['crm.data.view_own', "Data scope: one's own CRM records (004 view_own_data)"],
  ['podcasts.podcast.read', 'Read podcasts'],
  ['podcasts.podcast.write', 'Create and change podcasts'],
  ['podcasts.episode.read', 'Read episodes'],
  ['podcasts.episode.write', 'Create and change episodes'],
  ['conversations.conversation.read', 'Read conversations'],
  ['conversations.conversation.write', 'Work conversations'],
  ['billing.subscription.read', "Read the tenant's subscription"],
  ['billing.tier.read', 'Read the subscription tiers'],
  ['support.access', 'Support staff: may name a tenant and read it, read-only and audited'],
];

/** Fixed ids, so every environment's onboarding progress points at the same steps. */
const ONBOARDING_STEPS: [id: string, key: string, name: string, description: string, order: number, required: boolean][] = [
  ['01938000-0000-7000-8000-000000000001', 'complete_profile', 'Complete your profile', 'Add your name and check your email preferences.', 0, true],
  ['01938000-0000-7000-8000-000000000002', 'set_up_workspace', 'Set up a workspace', 'Create the workspace your team works in.', 1, true],
  ['01938000-0000-7000-8000-000000000003', 'invite_team', 'Invite your team', 'Add colleagues and give them roles.', 2, false],
  ['01938000-0000-7000-8000-000000000004', 'create_assessment', 'Create your first assessment', 'Publish an assessment that qualifies leads.', 3, false],
  ['01938000-0000-7000-8000-000000000005', 'import_leads', 'Bring in your leads', 'Import leads or connect a channel that creates them.', 4, false],
];

const ts = `created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()`;

export class IdentityDirectory1764100000100 implements MigrationInterface {
  name = 'IdentityDirectory1764100000100';

  async up(q: QueryRunner): Promise<void> {
    await this.tenantSettings(q);
    await this.workspacesAndProjects(q);
    await this.users(q);
    await this.permissionCatalog(q);
    await this.ownershipAndPolicies(q);
    await this.gdpr(q);
    await this.onboarding(q);
    await this.errorLogs(q);
  }

  /** 001's tenant_settings (1:1) replaces 000's tenants.settings column: one place for settings. */
  private async tenantSettings(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.tenant_settings (
        tenant_id uuid PRIMARY KEY REFERENCES identity.tenants (id) ON DELETE CASCADE,
        settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
        ${ts}
      )`);
    await touchUpdatedAt(q, 'identity.tenant_settings');
    await enableTenantIsolation(q, 'identity.tenant_settings');
    await q.query(`INSERT INTO identity.tenant_settings (tenant_id, settings) SELECT id, settings FROM identity.tenants WHERE settings <> '{}'::jsonb`);
    await q.query(`ALTER TABLE identity.tenants DROP COLUMN settings`);

    await q.query(`
      CREATE TABLE identity.white_label_settings (
        tenant_id uuid PRIMARY KEY REFERENCES identity.tenants (id) ON DELETE CASCADE,
        brand_name varchar(255),
        logo_url varchar(2048),
        primary_color varchar(7) CONSTRAINT white_label_settings_primary_color_format CHECK (primary_color ~ '^#[0-9A-Fa-f]{6}$'),
        custom_domain varchar(253) CONSTRAINT white_label_settings_custom_domain_lower CHECK (custom_domain = lower(custom_domain)),
        ${ts}
      )`);
    // The one index here that does not lead with tenant_id: a domain must route to exactly one
    // tenant, so its uniqueness is global. The table is tiny; under Citus it is a reference table.
    await q.query(`CREATE UNIQUE INDEX white_label_settings_custom_domain_key ON identity.white_label_settings (custom_domain)`);
    await touchUpdatedAt(q, 'identity.white_label_settings');
    await enableTenantIsolation(q, 'identity.white_label_settings');
  }

  private async workspacesAndProjects(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.workspaces (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        name varchar(255) NOT NULL,
        description text,
        ${ts},
        CONSTRAINT workspaces_tenant_id_id_key UNIQUE (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX workspaces_tenant_created_idx ON identity.workspaces (tenant_id, created_at)`);
    await touchUpdatedAt(q, 'identity.workspaces');
    await enableTenantIsolation(q, 'identity.workspaces');

    // Deleting a workspace keeps its projects and users, detached (004 workspace_id is nullable).
    await q.query(`
      CREATE TABLE identity.projects (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        workspace_id uuid,
        name varchar(255) NOT NULL,
        description text,
        status varchar(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'on-hold')),
        ${ts},
        CONSTRAINT projects_tenant_id_id_key UNIQUE (tenant_id, id),
        CONSTRAINT projects_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
          REFERENCES identity.workspaces (tenant_id, id) ON DELETE SET NULL (workspace_id)
      )`);
    await q.query(`CREATE INDEX projects_tenant_workspace_idx ON identity.projects (tenant_id, workspace_id)`);
    await q.query(`CREATE INDEX projects_tenant_created_idx ON identity.projects (tenant_id, created_at)`);
    await touchUpdatedAt(q, 'identity.projects');
    await enableTenantIsolation(q, 'identity.projects');
  }

  private async users(q: QueryRunner): Promise<void> {
    // (tenant_id, id) is what tenant-safe child keys reference: a child row can never point at
    // a user of another tenant, not even when written by the owner role.
    await q.query(`
      ALTER TABLE identity.users
        ADD COLUMN workspace_id uuid,
        ADD COLUMN stripe_customer_id varchar(255),
        ADD COLUMN stripe_subscription_id varchar(255),
        ADD CONSTRAINT users_tenant_id_id_key UNIQUE (tenant_id, id),
        ADD CONSTRAINT users_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
          REFERENCES identity.workspaces (tenant_id, id) ON DELETE SET NULL (workspace_id),
        ADD CONSTRAINT users_manager_not_self CHECK (manager_id IS NULL OR manager_id <> id)`);
    await q.query(`
      ALTER TABLE identity.users
        DROP CONSTRAINT users_manager_id_fkey,
        ADD CONSTRAINT users_manager_fkey FOREIGN KEY (tenant_id, manager_id)
          REFERENCES identity.users (tenant_id, id) ON DELETE SET NULL (manager_id)`);
    await q.query(`CREATE INDEX users_tenant_workspace_idx ON identity.users (tenant_id, workspace_id)`);

    await q.query(`
      CREATE TABLE identity.user_email_preferences (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        marketing_emails boolean NOT NULL DEFAULT false,
        product_updates boolean NOT NULL DEFAULT true,
        security_alerts boolean NOT NULL DEFAULT true,
        ${ts},
        PRIMARY KEY (tenant_id, user_id),
        CONSTRAINT user_email_preferences_user_fkey FOREIGN KEY (tenant_id, user_id)
          REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
      )`);
    await touchUpdatedAt(q, 'identity.user_email_preferences');
    await enableTenantIsolation(q, 'identity.user_email_preferences');

    // Roles: tenant-safe keys too. A role that users hold cannot be deleted (NO ACTION, checked
    // at the end of the statement, so deleting a whole tenant still cascades through both).
    await q.query(`ALTER TABLE identity.roles ADD CONSTRAINT roles_tenant_id_id_key UNIQUE (tenant_id, id)`);
    await q.query(`
      ALTER TABLE identity.user_roles
        DROP CONSTRAINT user_roles_user_id_fkey,
        DROP CONSTRAINT user_roles_role_id_fkey,
        ADD CONSTRAINT user_roles_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE,
        ADD CONSTRAINT user_roles_role_fkey FOREIGN KEY (tenant_id, role_id) REFERENCES identity.roles (tenant_id, id)`);
  }

  private async permissionCatalog(q: QueryRunner): Promise<void> {
    // Global: the same names for every tenant. The app reads it; only migrations and the
    // start script's registration (as the owner) write it.
    await q.query(`
      CREATE TABLE identity.permissions (
        name varchar(150) PRIMARY KEY,
        domain varchar(50) NOT NULL,
        resource varchar(50),
        action varchar(50) NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT permissions_name_format CHECK (name ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){1,2}$'),
        CONSTRAINT permissions_name_parts CHECK (name = domain || '.' || coalesce(resource || '.', '') || action)
      )`);
    await q.query(`CREATE INDEX permissions_domain_idx ON identity.permissions (domain)`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON identity.permissions FROM leadgraph_app`);
    for (const [name, description] of PERMISSIONS) {
      const parts = name.split('.');
      const [domain, resource, action] = parts.length === 3 ? parts : [parts[0], null, parts[1]];
      await q.query(
        `INSERT INTO identity.permissions (name, domain, resource, action, description) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING`,
        [name, domain, resource, action, description],
      );
    }

    // role_permissions (001) is a table kept in sync from roles.permissions by a trigger, not a
    // view: a view cannot carry a foreign key, and the foreign key to the catalog is the point:
    // a role write that names an unknown permission fails in the database itself, whoever
    // writes it. roles.permissions stays the source of truth (login reads it in one row); this
    // table holds its concrete names. Wildcards (`crm.*`, `*`) match no catalog row, so they
    // stay only in roles.permissions and the trigger checks instead that their domain exists.
    await q.query(`
      CREATE TABLE identity.role_permissions (
        tenant_id uuid NOT NULL,
        role_id uuid NOT NULL,
        permission_name varchar(150) NOT NULL CONSTRAINT role_permissions_permission_fkey REFERENCES identity.permissions (name),
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, role_id, permission_name),
        CONSTRAINT role_permissions_role_fkey FOREIGN KEY (tenant_id, role_id) REFERENCES identity.roles (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX role_permissions_tenant_permission_idx ON identity.role_permissions (tenant_id, permission_name)`);
    await enableTenantIsolation(q, 'identity.role_permissions');
    await q.query(`
      CREATE FUNCTION identity.sync_role_permissions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad text;
      BEGIN
        SELECT p INTO bad FROM unnest(NEW.permissions) AS p
         WHERE p LIKE '%*%'
           AND NOT (p = '*' OR (p ~ '^[a-z][a-z0-9_]*\\.\\*$'
                                AND EXISTS (SELECT 1 FROM identity.permissions c WHERE c.domain = split_part(p, '.', 1))))
         LIMIT 1;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'unknown permission wildcard %', bad
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'role_permissions_wildcard_check';
        END IF;
        DELETE FROM identity.role_permissions rp
         WHERE rp.tenant_id = NEW.tenant_id AND rp.role_id = NEW.id AND NOT (rp.permission_name = ANY (NEW.permissions));
        INSERT INTO identity.role_permissions (tenant_id, role_id, permission_name)
        SELECT NEW.tenant_id, NEW.id, p FROM unnest(NEW.permissions) AS p WHERE p NOT LIKE '%*%'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER roles_sync_permissions AFTER INSERT OR UPDATE OF permissions ON identity.roles
      FOR EACH ROW EXECUTE FUNCTION identity.sync_role_permissions()`);
    // Existing roles: link what the catalog knows; an unknown name surfaces at the next change.
    await q.query(`
      INSERT INTO identity.role_permissions (tenant_id, role_id, permission_name)
      SELECT r.tenant_id, r.id, p FROM identity.roles r, unnest(r.permissions) AS p
       WHERE EXISTS (SELECT 1 FROM identity.permissions c WHERE c.name = p)
      ON CONFLICT DO NOTHING`);
  }

  private async ownershipAndPolicies(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.resource_ownership (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        resource_type varchar(50) NOT NULL CHECK (resource_type ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$'),
        resource_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        ${ts},
        CONSTRAINT resource_ownership_resource_key UNIQUE (tenant_id, resource_type, resource_id),
        CONSTRAINT resource_ownership_owner_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX resource_ownership_tenant_owner_idx ON identity.resource_ownership (tenant_id, owner_id)`);
    await touchUpdatedAt(q, 'identity.resource_ownership');
    await enableTenantIsolation(q, 'identity.resource_ownership');

    await q.query(`
      CREATE TABLE identity.access_control_policies (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        name varchar(255) NOT NULL,
        description text,
        policy_definition jsonb NOT NULL CHECK (jsonb_typeof(policy_definition) = 'object'),
        enabled boolean NOT NULL DEFAULT true,
        created_by uuid,
        updated_by uuid,
        ${ts}
      )`);
    // The evaluator loads a tenant's enabled policies on every check.
    await q.query(`CREATE INDEX access_control_policies_tenant_enabled_idx ON identity.access_control_policies (tenant_id, enabled)`);
    await q.query(`CREATE INDEX access_control_policies_tenant_created_idx ON identity.access_control_policies (tenant_id, created_at)`);
    await touchUpdatedAt(q, 'identity.access_control_policies');
    await enableTenantIsolation(q, 'identity.access_control_policies');
  }

  private async gdpr(q: QueryRunner): Promise<void> {
    // A request outlives an erased user (it is the evidence that the erasure was done).
    await q.query(`
      CREATE TABLE identity.gdpr_requests (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid,
        request_type varchar(20) NOT NULL CHECK (request_type IN ('export', 'erasure', 'rectification')),
        status varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'rejected')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        notes text,
        handled_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT gdpr_requests_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE SET NULL (user_id),
        CONSTRAINT gdpr_requests_completed_when_closed CHECK ((status IN ('completed', 'rejected')) = (completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX gdpr_requests_tenant_requested_idx ON identity.gdpr_requests (tenant_id, requested_at)`);
    await q.query(`CREATE INDEX gdpr_requests_tenant_status_idx ON identity.gdpr_requests (tenant_id, status)`);
    // One open request per user and kind: asking again returns the open one.
    await q.query(`
      CREATE UNIQUE INDEX gdpr_requests_open_key ON identity.gdpr_requests (tenant_id, user_id, request_type)
      WHERE status IN ('pending', 'processing')`);
    await touchUpdatedAt(q, 'identity.gdpr_requests');
    await enableTenantIsolation(q, 'identity.gdpr_requests');
  }

  private async onboarding(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.onboarding_steps (
        id uuid PRIMARY KEY,
        step_key varchar(100) NOT NULL CONSTRAINT onboarding_steps_step_key_key UNIQUE,
        step_name varchar(255) NOT NULL,
        description text,
        order_index integer NOT NULL CHECK (order_index >= 0),
        required boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON identity.onboarding_steps FROM leadgraph_app`);
    for (const [id, key, name, description, order, required] of ONBOARDING_STEPS) {
      await q.query(
        `INSERT INTO identity.onboarding_steps (id, step_key, step_name, description, order_index, required)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (step_key) DO NOTHING`,
        [id, key, name, description, order, required],
      );
    }

    // A step is either completed or skipped; completing a skipped step replaces the skip.
    await q.query(`
      CREATE TABLE identity.onboarding_progress (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        step_id uuid NOT NULL REFERENCES identity.onboarding_steps (id) ON DELETE CASCADE,
        completed_at timestamptz,
        skipped_at timestamptz,
        PRIMARY KEY (tenant_id, user_id, step_id),
        CONSTRAINT onboarding_progress_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT onboarding_progress_one_outcome CHECK ((completed_at IS NULL) <> (skipped_at IS NULL))
      )`);
    await enableTenantIsolation(q, 'identity.onboarding_progress');
  }

  private async errorLogs(q: QueryRunner): Promise<void> {
    // 000's error_logs. tenant_id is NULL for system errors; the isolation policy compares
    // tenant_id = <request tenant>, which is never true for NULL, so the app role never sees
    // (nor writes) them. user_id has no foreign key: the writer logs whatever principal the
    // failing request carried (a support user belongs to another tenant). error_code is wider
    // than 000's 20 characters: INTERNAL_SERVER_ERROR has 21.
    await q.query(`
      CREATE TABLE identity.error_logs (
        id uuid PRIMARY KEY,
        tenant_id uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid,
        error_type varchar(100) NOT NULL,
        error_code varchar(50),
        severity varchar(10) NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        error_message text NOT NULL,
        stack_trace text,
        endpoint varchar(200),
        method varchar(10),
        status_code integer CHECK (status_code BETWEEN 100 AND 599),
        request_body jsonb,
        request_headers jsonb,
        response_body jsonb,
        duration_ms integer CHECK (duration_ms >= 0),
        environment varchar(20) NOT NULL DEFAULT 'development' CHECK (environment IN ('development', 'staging', 'production', 'test', 'cicd')),
        ip_address varchar(45),
        user_agent varchar(500),
        context jsonb,
        correlation_id varchar(128),
        workflow_name varchar(200),
        job_name varchar(200),
        run_id varchar(100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX error_logs_tenant_created_idx ON identity.error_logs (tenant_id, created_at)`);
    await q.query(`CREATE INDEX error_logs_tenant_type_idx ON identity.error_logs (tenant_id, error_type, created_at)`);
    await q.query(`CREATE INDEX error_logs_tenant_endpoint_idx ON identity.error_logs (tenant_id, endpoint)`);
    await q.query(`CREATE INDEX error_logs_tenant_correlation_idx ON identity.error_logs (tenant_id, correlation_id)`);
    await enableTenantIsolation(q, 'identity.error_logs');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.error_logs, identity.onboarding_progress, identity.onboarding_steps, identity.gdpr_requests`);
    await q.query(`DROP TABLE identity.access_control_policies, identity.resource_ownership`);
    await q.query(`DROP TRIGGER roles_sync_permissions ON identity.roles`);
    await q.query(`DROP FUNCTION identity.sync_role_permissions()`);
    await q.query(`DROP TABLE identity.role_permissions, identity.permissions`);
    await q.query(`
      ALTER TABLE identity.user_roles
        DROP CONSTRAINT user_roles_user_fkey,
        DROP CONSTRAINT user_roles_role_fkey,
        ADD CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE,
        ADD CONSTRAINT user_roles_role_id_fkey FOREIGN KEY (role_id) REFERENCES identity.roles (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE identity.roles DROP CONSTRAINT roles_tenant_id_id_key`);
    await q.query(`DROP TABLE identity.user_email_preferences`);
    await q.query(`
      ALTER TABLE identity.users
        DROP CONSTRAINT users_manager_fkey,
        ADD CONSTRAINT users_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES identity.users (id) ON DELETE SET NULL,
        DROP CONSTRAINT users_manager_not_self,
        DROP CONSTRAINT users_workspace_fkey,
        DROP COLUMN workspace_id,
        DROP COLUMN stripe_customer_id,
        DROP COLUMN stripe_subscription_id`);
    await q.query(`ALTER TABLE identity.users DROP CONSTRAINT users_tenant_id_id_key`);
    await q.query(`DROP TABLE identity.projects, identity.workspaces`);
    await q.query(`DROP TABLE identity.white_label_settings`);
    await q.query(`ALTER TABLE identity.tenants ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE identity.tenants t SET settings = s.settings FROM identity.tenant_settings s WHERE s.tenant_id = t.id`);
    await q.query(`DROP TABLE identity.tenant_settings`);
  }
}
