import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

export class CrmInit1764000000000 implements MigrationInterface {
  name = 'CrmInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('crm'));
    // response_id, conversation_id, assigned_to... point into other subgraphs: ids only, no FK.
    await q.query(`
      CREATE TABLE crm.leads (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        email varchar(255) NOT NULL,
        name varchar(255) NOT NULL,
        first_name varchar(100),
        last_name varchar(100),
        company varchar(255),
        phone varchar(50),
        job_title varchar(255),
        source varchar(100),
        status varchar(20) NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'contacted', 'qualified', 'customer', 'converted', 'lost')),
        lead_score integer NOT NULL DEFAULT 0 CHECK (lead_score >= 0 AND lead_score <= 100),
        temperature varchar(10) CHECK (temperature IN ('hot', 'warm', 'cold')),
        notes text,
        response_id uuid,
        conversation_id uuid,
        assigned_to uuid,
        assigned_by uuid,
        assigned_at timestamptz,
        workspace_id uuid,
        project_id uuid,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''))
        ) STORED
      )`);
    await q.query(`CREATE INDEX leads_tenant_created_idx ON crm.leads (tenant_id, created_at, id)`);
    await q.query(`CREATE INDEX leads_tenant_score_idx ON crm.leads (tenant_id, lead_score)`);
    await q.query(`CREATE INDEX leads_tenant_status_idx ON crm.leads (tenant_id, status)`);
    await q.query(`CREATE INDEX leads_tenant_temperature_idx ON crm.leads (tenant_id, temperature)`);
    await q.query(`CREATE INDEX leads_tenant_assigned_idx ON crm.leads (tenant_id, assigned_to)`);
    await q.query(`CREATE INDEX leads_tenant_email_idx ON crm.leads (tenant_id, email)`);
    await q.query(`CREATE INDEX leads_tenant_response_idx ON crm.leads (tenant_id, response_id) WHERE response_id IS NOT NULL`);
    await q.query(`CREATE INDEX leads_tenant_conversation_idx ON crm.leads (tenant_id, conversation_id) WHERE conversation_id IS NOT NULL`);
    await q.query(`CREATE INDEX leads_search_idx ON crm.leads USING gin (search_vector)`);
    await touchUpdatedAt(q, 'crm.leads');
    await enableTenantIsolation(q, 'crm.leads');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.leads`);
    await q.query(`DROP FUNCTION crm.touch_updated_at()`);
  }
}
