import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation, touchUpdatedAt, touchUpdatedAtFunctionSql } from '@leadgraph/shared';

/**
 * Timestamps that lists sort by are timestamptz(3): keyset cursors carry JavaScript Dates
 * (milliseconds), and a microsecond remainder would make a row compare greater than its own
 * cursor and show up on the next page again.
 *
 * Child tables carry tenant_id and reference their parent by (tenant_id, id), so a row can
 * never hang under another tenant's parent.
 */
export class AssessmentsInit1764000000000 implements MigrationInterface {
  name = 'AssessmentsInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(touchUpdatedAtFunctionSql('assessments'));

    // created_by / updated_by are identity users: ids only, no FK across subgraphs.
    await q.query(`
      CREATE TABLE assessments.assessments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        title varchar(255) NOT NULL,
        description text,
        status varchar(20) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
        industry varchar(100),
        topic varchar(100),
        scoring_type varchar(20) NOT NULL DEFAULT 'point_based' CHECK (scoring_type IN ('point_based', 'percentage')),
        created_by uuid,
        updated_by uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT assessments_tenant_id_key UNIQUE (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX assessments_tenant_status_idx ON assessments.assessments (tenant_id, status)`);
    await q.query(`CREATE INDEX assessments_tenant_created_idx ON assessments.assessments (tenant_id, created_at, id)`);
    await q.query(`CREATE INDEX assessments_tenant_title_idx ON assessments.assessments (tenant_id, title)`);
    await touchUpdatedAt(q, 'assessments.assessments');
    await enableTenantIsolation(q, 'assessments.assessments');

    await q.query(`
      CREATE TABLE assessments.questions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        assessment_id uuid NOT NULL,
        text text NOT NULL,
        type varchar(20) NOT NULL CHECK (type IN ('single_choice', 'multiple_choice', 'text', 'slider')),
        "order" integer NOT NULL CHECK ("order" >= 0),
        points integer NOT NULL DEFAULT 0,
        explanation text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT questions_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT questions_assessment_fkey FOREIGN KEY (tenant_id, assessment_id)
          REFERENCES assessments.assessments (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX questions_tenant_assessment_order_idx ON assessments.questions (tenant_id, assessment_id, "order", id)`);
    await enableTenantIsolation(q, 'assessments.questions');

    await q.query(`
      CREATE TABLE assessments.question_options (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        question_id uuid NOT NULL,
        text varchar(255) NOT NULL,
        points integer NOT NULL DEFAULT 0,
        "order" integer NOT NULL CHECK ("order" >= 0),
        -- (tenant_id, question_id, id) lets answer_options prove an option belongs to the answered question.
        CONSTRAINT question_options_tenant_question_id_key UNIQUE (tenant_id, question_id, id),
        CONSTRAINT question_options_question_fkey FOREIGN KEY (tenant_id, question_id)
          REFERENCES assessments.questions (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX question_options_tenant_question_order_idx ON assessments.question_options (tenant_id, question_id, "order", id)`);
    await enableTenantIsolation(q, 'assessments.question_options');

    await q.query(`
      CREATE TABLE assessments.responses (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        assessment_id uuid NOT NULL,
        session_id varchar(255) NOT NULL,
        email varchar(255),
        name varchar(255),
        status varchar(20) NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed', 'abandoned')),
        total_score integer NOT NULL DEFAULT 0 CHECK (total_score >= 0),
        ip_address varchar(45),
        user_agent text,
        started_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz(3),
        CONSTRAINT responses_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT responses_assessment_fkey FOREIGN KEY (tenant_id, assessment_id)
          REFERENCES assessments.assessments (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX responses_tenant_assessment_completed_idx ON assessments.responses (tenant_id, assessment_id, completed_at)`);
    await q.query(`CREATE INDEX responses_tenant_started_idx ON assessments.responses (tenant_id, started_at, id)`);
    await q.query(`CREATE INDEX responses_tenant_status_idx ON assessments.responses (tenant_id, status)`);
    await q.query(`CREATE INDEX responses_tenant_email_idx ON assessments.responses (tenant_id, email)`);
    await q.query(`CREATE INDEX responses_tenant_session_idx ON assessments.responses (tenant_id, session_id)`);
    await enableTenantIsolation(q, 'assessments.responses');

    await q.query(`
      CREATE TABLE assessments.answers (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        response_id uuid NOT NULL,
        question_id uuid NOT NULL,
        answer_text text,
        points_awarded integer NOT NULL DEFAULT 0,
        answered_at timestamptz(3) NOT NULL DEFAULT now(),
        -- One answer per question in a response; also serves lookups by (tenant_id, response_id).
        CONSTRAINT answers_tenant_response_question_key UNIQUE (tenant_id, response_id, question_id),
        CONSTRAINT answers_tenant_id_question_key UNIQUE (tenant_id, id, question_id),
        CONSTRAINT answers_response_fkey FOREIGN KEY (tenant_id, response_id)
          REFERENCES assessments.responses (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT answers_question_fkey FOREIGN KEY (tenant_id, question_id)
          REFERENCES assessments.questions (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX answers_tenant_question_idx ON assessments.answers (tenant_id, question_id)`);
    await enableTenantIsolation(q, 'assessments.answers');

    // The options chosen in a choice answer. Both FKs carry question_id, so the database itself
    // refuses an option of another question than the one answered.
    await q.query(`
      CREATE TABLE assessments.answer_options (
        tenant_id uuid NOT NULL,
        answer_id uuid NOT NULL,
        question_id uuid NOT NULL,
        option_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, answer_id, option_id),
        CONSTRAINT answer_options_answer_fkey FOREIGN KEY (tenant_id, answer_id, question_id)
          REFERENCES assessments.answers (tenant_id, id, question_id) ON DELETE CASCADE,
        CONSTRAINT answer_options_option_fkey FOREIGN KEY (tenant_id, question_id, option_id)
          REFERENCES assessments.question_options (tenant_id, question_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX answer_options_tenant_option_idx ON assessments.answer_options (tenant_id, question_id, option_id)`);
    await enableTenantIsolation(q, 'assessments.answer_options');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE assessments.answer_options, assessments.answers, assessments.responses,
                 assessments.question_options, assessments.questions, assessments.assessments`);
    await q.query(`DROP FUNCTION assessments.touch_updated_at()`);
  }
}
