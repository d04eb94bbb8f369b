import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@leadgraph/shared';

/**
 * 001's api_usage: one row per request the gateway served for a tenant, delivered in batches to
 * `POST /internal/api-usage` (see src/usage/usage.ingest.ts). Beyond 001's columns it records who
 * called (user_id, principal_kind) and what (operation_name, operation_type), and the gateway's
 * request id, which joins it to error_logs and audit_logs.
 *
 * The id is the gateway's (UUIDv7, made when the request ended), so a batch delivered twice
 * stores each request once. api_key_id and user_id point into identity: no foreign key crosses
 * a subgraph, and a usage row outlives a deleted key.
 *
 * Not audited, on purpose (test/audit.test.ts lists it): it is an append-only log itself, like
 * identity's security_events, and an audit event per request would double every request's
 * writes. The app role may only insert and read it; retention is an operator's job.
 */
export class BillingApiUsage1764200000000 implements MigrationInterface {
  name = 'BillingApiUsage1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.api_usage (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        api_key_id uuid,
        user_id uuid,
        principal_kind varchar(20) NOT NULL CHECK (principal_kind IN ('user', 'api_key', 'support', 'service')),
        endpoint varchar(255) NOT NULL,
        method varchar(10) NOT NULL,
        status_code integer NOT NULL CHECK (status_code BETWEEN 100 AND 599),
        response_time_ms integer NOT NULL CHECK (response_time_ms >= 0),
        operation_name varchar(200),
        operation_type varchar(20) CHECK (operation_type IN ('query', 'mutation', 'subscription')),
        request_id varchar(128) NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    // Listing a tenant's usage newest first (the apiUsage connection pages on occurred_at, id),
    // and one key's usage over a period (partner billing, the most common filter).
    await q.query(`CREATE INDEX api_usage_tenant_time_idx ON billing.api_usage (tenant_id, occurred_at, id)`);
    await q.query(`CREATE INDEX api_usage_tenant_key_time_idx ON billing.api_usage (tenant_id, api_key_id, occurred_at)`);
    await enableTenantIsolation(q, 'billing.api_usage');
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON billing.api_usage FROM leadgraph_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.api_usage`);
  }
}
