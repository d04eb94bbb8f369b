import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@leadgraph/shared';

export class IdentitySecurityLogs1764100000000 implements MigrationInterface {
  name = 'IdentitySecurityLogs1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.security_events (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid REFERENCES identity.users (id) ON DELETE SET NULL,
        event_type varchar(50) NOT NULL,
        severity varchar(10) NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        details jsonb NOT NULL DEFAULT '{}',
        ip_address varchar(45),
        user_agent varchar(500),
        request_id varchar(128),
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX security_events_tenant_time_idx ON identity.security_events (tenant_id, occurred_at, id)`);
    await q.query(`CREATE INDEX security_events_tenant_type_idx ON identity.security_events (tenant_id, event_type, occurred_at)`);
    await q.query(`CREATE INDEX security_events_tenant_user_idx ON identity.security_events (tenant_id, user_id)`);
    await enableTenantIsolation(q, 'identity.security_events');

    await q.query(`
      CREATE TABLE identity.access_logs (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
        user_id uuid,
        resource_type varchar(50) NOT NULL,
        resource_id varchar(255),
        action varchar(50) NOT NULL,
        allowed boolean NOT NULL,
        reason text,
        operation_name varchar(200),
        request_id varchar(128),
        ip_address varchar(45),
        user_agent varchar(500),
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_logs_tenant_time_idx ON identity.access_logs (tenant_id, occurred_at, id)`);
    await q.query(`CREATE INDEX access_logs_tenant_user_idx ON identity.access_logs (tenant_id, user_id, occurred_at)`);
    await enableTenantIsolation(q, 'identity.access_logs');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.access_logs, identity.security_events`);
  }
}
