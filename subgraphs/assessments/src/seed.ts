import type { EntityManager } from 'typeorm';
import type { DemoContext } from '@leadgraph/shared';

const QUESTIONS = [
  { text: 'How do you qualify inbound leads today?', options: ['We do not', 'By hand, case by case', 'With a scoring model'] },
  { text: 'How fast do you follow up on a new lead?', options: ['Within a week', 'Within a day', 'Within an hour'] },
  { text: 'Is your CRM connected to your marketing tools?', options: ['No', 'Partly', 'Fully'] },
];
const OPTION_POINTS = [0, 5, 10];

/** Chosen option per question; the respondents match crm's first two demo leads. */
const RESPONSES = [
  { name: 'Dana Whitfield', email: 'dana@northwind.example', choices: [2, 2, 1] },
  { name: 'Ravi Menon', email: 'ravi@contoso.example', choices: [1, 0, 1] },
];

/**
 * One published assessment per tenant and two completed responses whose answers add up to the
 * stored total; crm's demo leads point at `<tenant>:response:0` and `:1`.
 */
export async function seedAssessments(manager: EntityManager, demo: DemoContext): Promise<void> {
  for (const tenant of demo.tenants) {
    const admin = tenant.users.find((u) => u.role === 'admin')?.id ?? null;
    const assessmentId = demo.id(`${tenant.slug}:assessment:0`);
    await manager.query(
      `INSERT INTO assessments.assessments (id, tenant_id, title, description, status, industry, topic, scoring_type, created_by, updated_by)
       VALUES ($1, $2, $3, $4, 'published', 'B2B SaaS', 'Lead management', 'point_based', $5, $5) ON CONFLICT (id) DO NOTHING`,
      [assessmentId, tenant.id, 'Lead readiness check', 'Three questions on how ready your team is to convert leads.', admin],
    );
    for (const [q, question] of QUESTIONS.entries()) {
      await manager.query(
        `INSERT INTO assessments.questions (id, tenant_id, assessment_id, text, type, "order", points)
         VALUES ($1, $2, $3, $4, 'single_choice', $5, $6) ON CONFLICT (id) DO NOTHING`,
        [demo.id(`${tenant.slug}:question:${q}`), tenant.id, assessmentId, question.text, q, Math.max(...OPTION_POINTS)],
      );
      for (const [o, text] of question.options.entries()) {
        await manager.query(
          `INSERT INTO assessments.question_options (id, tenant_id, question_id, text, points, "order")
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [demo.id(`${tenant.slug}:option:${q}:${o}`), tenant.id, demo.id(`${tenant.slug}:question:${q}`), text, OPTION_POINTS[o], o],
        );
      }
    }
    for (const [r, response] of RESPONSES.entries()) {
      const responseId = demo.id(`${tenant.slug}:response:${r}`);
      const total = response.choices.reduce((sum, o) => sum + OPTION_POINTS[o], 0);
      await manager.query(
        `INSERT INTO assessments.responses (id, tenant_id, assessment_id, session_id, email, name, status, total_score, started_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'completed', $7, now() - interval '10 minutes', now()) ON CONFLICT (id) DO NOTHING`,
        [responseId, tenant.id, assessmentId, `demo-session-${r}`, response.email, response.name, total],
      );
      for (const [q, o] of response.choices.entries()) {
        const answerId = demo.id(`${tenant.slug}:answer:${r}:${q}`);
        const questionId = demo.id(`${tenant.slug}:question:${q}`);
        await manager.query(
          `INSERT INTO assessments.answers (id, tenant_id, response_id, question_id, points_awarded)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
          [answerId, tenant.id, responseId, questionId, OPTION_POINTS[o]],
        );
        await manager.query(
          `INSERT INTO assessments.answer_options (tenant_id, answer_id, question_id, option_id)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [tenant.id, answerId, questionId, demo.id(`${tenant.slug}:option:${q}:${o}`)],
        );
      }
    }
  }
}
