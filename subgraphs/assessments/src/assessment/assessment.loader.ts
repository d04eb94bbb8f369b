import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { firstChildren } from '../children';
import { Assessment, Question, QuestionOption } from './assessment.entity';

export const assessmentById = (ctx: RequestContext) => loader(ctx, 'assessment.byId', (c) => byIdLoader(c, Assessment));

export const questionById = (ctx: RequestContext) => loader(ctx, 'question.byId', (c) => byIdLoader(c, Question));

export const optionById = (ctx: RequestContext) => loader(ctx, 'option.byId', (c) => byIdLoader(c, QuestionOption));

export const questionsByAssessment = (ctx: RequestContext, first: number) =>
  firstChildren(
    ctx,
    {
      key: 'question.byAssessment',
      entity: Question,
      table: 'assessments.questions',
      parentColumn: 'assessment_id',
      parentProperty: 'assessmentId',
      order: '"order", id',
    },
    first,
  );

export const optionsByQuestion = (ctx: RequestContext, first: number) =>
  firstChildren(
    ctx,
    {
      key: 'option.byQuestion',
      entity: QuestionOption,
      table: 'assessments.question_options',
      parentColumn: 'question_id',
      parentProperty: 'questionId',
      order: '"order", id',
    },
    first,
  );
