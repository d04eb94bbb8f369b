import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, dropAuditTable, dropOutbox, installOutbox } from '@leadgraph/shared';

/**
 * Audit trail: every change to an assessments tenant table writes an event into
 * assessments.outbox in the same transaction (see installOutbox). A submitted response leaves
 * one event per row it writes (response, answers, chosen options): the trail shows exactly
 * what was recorded. updated_at is left out: the event's time says it.
 */
export class AssessmentsAuditTrail1764100000400 implements MigrationInterface {
  name = 'AssessmentsAuditTrail1764100000400';

  async up(q: QueryRunner): Promise<void> {
    await installOutbox(q, 'assessments');
    await auditTable(q, 'assessments.assessments', { ignore: ['updated_at'] });
    await auditTable(q, 'assessments.questions');
    await auditTable(q, 'assessments.question_options');
    await auditTable(q, 'assessments.responses');
    await auditTable(q, 'assessments.answers');
    // No id of its own (key: tenant, answer, option): filed under the answer it belongs to.
    await auditTable(q, 'assessments.answer_options', { idColumn: 'answer_id' });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['answer_options', 'answers', 'responses', 'question_options', 'questions', 'assessments']) {
      await dropAuditTable(q, `assessments.${table}`);
    }
    await dropOutbox(q, 'assessments');
  }
}
