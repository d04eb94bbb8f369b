import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

export class IdentityInit1764000000000 implements MigrationInterface {
  name = 'IdentityInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('identity'));

    await q.query(`
      CREATE TABLE identity.tenants (
        id uuid PRIMARY KEY,
        name varchar(255) NOT NULL,
        slug varchar(100) NOT NULL,
        subdomain varchar(100),
        plan varchar(20) NOT NULL DEFAULT 'starter' CHECK (plan IN ('free', 'starter', 'growth', 'pro', 'enterprise')),
        settings jsonb NOT NULL DEFAULT '{}',
        email varchar(255),
        phone varchar(50),
        address text,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenants_slug_key UNIQUE (slug),
        CONSTRAINT tenants_subdomain_key UNIQUE (subdomain),
        CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$')
      )`);
    await q.query(`CREATE INDEX tenants_is_active_idx ON identity.tenants (is_active)`);
    await touchUpdatedAt(q, 'identity.tenants');
    await enableTenantIsolation(q, 'identity.tenants', 'id');

    await q.query(`
      CREATE TABLE identity.users (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        email varchar(255) NOT NULL,
        username varchar(100),
        password_hash varchar(255) NOT NULL,
        name varchar(255) NOT NULL,
        first_name varchar(100),
        last_name varchar(100),
        manager_id uuid REFERENCES identity.users (id) ON DELETE SET NULL,
        is_active boolean NOT NULL DEFAULT true,
        email_verified boolean NOT NULL DEFAULT false,
        mfa_enabled boolean NOT NULL DEFAULT false,
        last_login_at timestamptz,
        failed_login_attempts integer NOT NULL DEFAULT 0 CHECK (failed_login_attempts >= 0),
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Email is unique within a tenant (002, 003); lower() so Ann@x and ann@x are one login.
    await q.query(`CREATE UNIQUE INDEX users_tenant_email_key ON identity.users (tenant_id, lower(email))`);
    await q.query(`CREATE UNIQUE INDEX users_tenant_username_key ON identity.users (tenant_id, username) WHERE username IS NOT NULL`);
    await q.query(`CREATE INDEX users_login_email_idx ON identity.users (lower(email))`);
    await q.query(`CREATE INDEX users_tenant_manager_idx ON identity.users (tenant_id, manager_id)`);
    await q.query(`CREATE INDEX users_tenant_active_idx ON identity.users (tenant_id, is_active)`);
    await touchUpdatedAt(q, 'identity.users');
    await enableTenantIsolation(q, 'identity.users');

    await q.query(`
      CREATE TABLE identity.roles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        description text,
        level integer NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 10),
        permissions text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT roles_tenant_name_key UNIQUE (tenant_id, name)
      )`);
    await touchUpdatedAt(q, 'identity.roles');
    await enableTenantIsolation(q, 'identity.roles');

    await q.query(`
      CREATE TABLE identity.user_roles (
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        role_id uuid NOT NULL REFERENCES identity.roles (id) ON DELETE CASCADE,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        assigned_by uuid REFERENCES identity.users (id) ON DELETE SET NULL,
        PRIMARY KEY (tenant_id, user_id, role_id)
      )`);
    await q.query(`CREATE INDEX user_roles_tenant_role_idx ON identity.user_roles (tenant_id, role_id)`);
    await enableTenantIsolation(q, 'identity.user_roles');

    // Login must find a user before any tenant is known. Instead of weakening the users policy,
    // one narrow SECURITY DEFINER function (owned by the migration role, which bypasses RLS)
    // returns only what a password check needs. The app role may execute nothing else like it.
    await q.query(`
      CREATE FUNCTION identity.login_candidates(p_email text)
      RETURNS TABLE (user_id uuid, tenant_id uuid, tenant_slug varchar, password_hash varchar, user_active boolean, tenant_active boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, identity AS $$
        SELECT u.id, u.tenant_id, t.slug, u.password_hash, u.is_active, t.is_active
        FROM identity.users u JOIN identity.tenants t ON t.id = u.tenant_id
        WHERE lower(u.email) = lower(p_email)
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION identity.login_candidates(text) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION identity.login_candidates(text) TO leadgraph_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION identity.login_candidates(text)`);
    await q.query(`DROP TABLE identity.user_roles, identity.roles, identity.users, identity.tenants`);
    await q.query(`DROP FUNCTION identity.touch_updated_at()`);
  }
}
