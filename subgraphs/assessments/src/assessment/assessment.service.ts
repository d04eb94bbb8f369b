import { isUUID } from 'class-validator';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Assessment, AssessmentStatus, CHOICE_TYPES, Question, QuestionOption, ScoringType } from './assessment.entity';
import type { CreateAssessmentInput, CreateQuestionInput, UpdateAssessmentInput } from './assessment.inputs';

/** A choice question needs choices to score; any other question must have none. */
function checkQuestion(question: CreateQuestionInput, index: number): void {
  const field = `questions.${index}.options`;
  if (CHOICE_TYPES.has(question.type) && question.options.length === 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `A ${question.type} question needs at least one option`, { field });
  }
  if (!CHOICE_TYPES.has(question.type) && question.options.length > 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `A ${question.type} question has no options`, { field });
  }
}

export async function createAssessment(ctx: RequestContext, input: CreateAssessmentInput): Promise<Assessment> {
  input.questions.forEach(checkQuestion);
  const tenantId = requireTenant(ctx);
  const actor = ctx.principal.userId;
  const { questions, status, scoringType, ...fields } = input;
  const assessment = await ctx.manager.save(
    ctx.manager.create(Assessment, {
      ...fields,
      status: status ?? AssessmentStatus.DRAFT,
      scoringType: scoringType ?? ScoringType.POINT_BASED,
      id: newId(),
      tenantId,
      createdById: actor,
      updatedById: actor,
    }),
  );

  const questionRows: Partial<Question>[] = [];
  const optionRows: Partial<QuestionOption>[] = [];
  for (const { options, ...question } of questions) {
    const questionId = newId();
    questionRows.push({ ...question, id: questionId, tenantId, assessmentId: assessment.id });
    for (const option of options) optionRows.push({ ...option, id: newId(), tenantId, questionId });
  }
  if (questionRows.length) await ctx.manager.insert(Question, questionRows);
  if (optionRows.length) await ctx.manager.insert(QuestionOption, optionRows);
  return assessment;
}

export async function updateAssessment(ctx: RequestContext, input: UpdateAssessmentInput): Promise<Assessment> {
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Assessment', id);
  // RLS hides other tenants' rows: their ids update nothing, exactly like missing ones.
  const result = await ctx.manager.update(Assessment, { id }, { ...changes, updatedById: ctx.principal.userId });
  if (!result.affected) throw notFound('Assessment', id);
  return ctx.manager.findOneByOrFail(Assessment, { id });
}
