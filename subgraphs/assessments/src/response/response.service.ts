import { isUUID } from 'class-validator';
import { In } from 'typeorm';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Assessment, AssessmentStatus, CHOICE_TYPES, Question, QuestionOption, QuestionType } from '../assessment/assessment.entity';
import { Answer, AnswerOption, Response, ResponseStatus } from './response.entity';
import type { AnswerInput, SubmitResponseInput } from './response.inputs';

const badInput = (message: string, field: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });

/** Checks one answer against its question and returns the points it earns. */
function scoreAnswer(answer: AnswerInput, question: Question, options: Map<string, QuestionOption>, field: string): number {
  const { optionIds, text } = answer;
  if (!CHOICE_TYPES.has(question.type)) {
    if (optionIds.length) throw badInput(`A ${question.type} question takes text, not options`, `${field}.optionIds`);
    if (text == null || text === '') throw badInput(`A ${question.type} question needs text`, `${field}.text`);
    if (question.type === QuestionType.SLIDER && !Number.isFinite(Number(text))) {
      throw badInput('A slider answer must be a number', `${field}.text`);
    }
    return 0;
  }
  if (new Set(optionIds).size !== optionIds.length) throw badInput('An option is chosen twice', `${field}.optionIds`);
  if (optionIds.length === 0 || (question.type === QuestionType.SINGLE_CHOICE && optionIds.length > 1)) {
    throw badInput(`A ${question.type} question needs ${question.type === QuestionType.SINGLE_CHOICE ? 'exactly one option' : 'at least one option'}`, `${field}.optionIds`);
  }
  let points = 0;
  for (const optionId of optionIds) {
    const option = options.get(optionId);
    if (!option || option.questionId !== question.id) {
      throw badInput(`Option ${optionId} is not an option of question ${question.id}`, `${field}.optionIds`);
    }
    points += option.points;
  }
  return points;
}

/**
 * Records a completed response and scores it in the request's transaction: each answer earns
 * the points of its chosen options, the response the sum. Everything is checked before the
 * first write, and the request's transaction rolls back on any error anyway.
 */
export async function submitResponse(ctx: RequestContext, input: SubmitResponseInput): Promise<Response> {
  const tenantId = requireTenant(ctx);
  if (!isUUID(input.assessmentId)) throw notFound('Assessment', input.assessmentId);
  input.answers.forEach((answer, i) => {
    if (!isUUID(answer.questionId)) throw badInput('questionId must be a UUID', `answers.${i}.questionId`);
    if (!answer.optionIds.every((id) => isUUID(id))) throw badInput('optionIds must be UUIDs', `answers.${i}.optionIds`);
  });

  // FOR SHARE: the assessment cannot be unpublished while this response is being recorded.
  const assessment = await ctx.manager.findOne(Assessment, { where: { id: input.assessmentId }, lock: { mode: 'pessimistic_read' } });
  if (!assessment) throw notFound('Assessment', input.assessmentId);
  if (assessment.status !== AssessmentStatus.PUBLISHED) {
    throw badInput(`Assessment ${assessment.id} is ${assessment.status}; only a published assessment accepts responses`, 'assessmentId');
  }

  const questionIds = input.answers.map((a) => a.questionId);
  const optionIds = input.answers.flatMap((a) => a.optionIds);
  const questions = new Map(
    (questionIds.length ? await ctx.manager.findBy(Question, { assessmentId: assessment.id, id: In(questionIds) }) : []).map((q) => [q.id, q]),
  );
  const options = new Map((optionIds.length ? await ctx.manager.findBy(QuestionOption, { id: In(optionIds) }) : []).map((o) => [o.id, o]));

  const responseId = newId();
  const answers: Partial<Answer>[] = [];
  const chosen: AnswerOption[] = [];
  const seen = new Set<string>();
  input.answers.forEach((answer, i) => {
    const field = `answers.${i}`;
    const question = questions.get(answer.questionId);
    if (!question) throw badInput(`Question ${answer.questionId} is not part of assessment ${assessment.id}`, `${field}.questionId`);
    if (seen.has(question.id)) throw badInput(`Question ${question.id} is answered twice`, `${field}.questionId`);
    seen.add(question.id);
    const id = newId();
    answers.push({ id, tenantId, responseId, questionId: question.id, text: answer.text ?? null, pointsAwarded: scoreAnswer(answer, question, options, field) });
    for (const optionId of answer.optionIds) chosen.push({ tenantId, answerId: id, questionId: question.id, optionId });
  });

  await ctx.manager.insert(Response, {
    id: responseId,
    tenantId,
    assessmentId: assessment.id,
    sessionId: input.sessionId,
    email: input.email ?? null,
    name: input.name ?? null,
    status: ResponseStatus.COMPLETED,
    totalScore: answers.reduce((sum, a) => sum + (a.pointsAwarded ?? 0), 0),
    startedAt: () => 'now()',
    completedAt: () => 'now()',
  });
  if (answers.length) await ctx.manager.insert(Answer, answers.map((a) => ({ ...a, answeredAt: () => 'now()' })));
  if (chosen.length) await ctx.manager.insert(AnswerOption, chosen);
  return ctx.manager.findOneByOrFail(Response, { id: responseId });
}
