import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, MAX_PAGE_SIZE, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { checkFirst } from '../children';
import { User, ref } from '../references/external';
import { Assessment, Question, QuestionOption } from './assessment.entity';
import {
  ASSESSMENT_FILTER_COLUMNS,
  ASSESSMENT_ORDER_COLUMNS,
  AssessmentFilter,
  AssessmentOrder,
  CreateAssessmentInput,
  UpdateAssessmentInput,
} from './assessment.inputs';
import { assessmentById, optionsByQuestion, questionsByAssessment } from './assessment.loader';
import { createAssessment, updateAssessment } from './assessment.service';

export const AssessmentConnection = ConnectionType(Assessment);

@ObjectType()
export class AssessmentPayload {
  @Field(() => Assessment) assessment: Assessment;
}

const firstArg = { defaultValue: MAX_PAGE_SIZE, description: `How many, from the start (max ${MAX_PAGE_SIZE}).` };

@Resolver(() => Assessment)
export class AssessmentResolver {
  @Requires('assessments.assessment.read')
  @Query(() => Assessment, { nullable: true, description: 'An assessment of your tenant, or null.' })
  assessment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Assessment | null> {
    return assessmentById(ctx).load(id);
  }

  @Requires('assessments.assessment.read')
  @Query(() => AssessmentConnection)
  assessments(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AssessmentFilter, { nullable: true }) filter?: AssessmentFilter,
    @Arg('orderBy', () => [AssessmentOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Assessment, 'assessment'),
      args,
      filter: filter as never,
      filterColumns: ASSESSMENT_FILTER_COLUMNS,
      orderBy,
      orderColumns: ASSESSMENT_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'assessment.id',
    });
  }

  @Requires('assessments.assessment.write')
  @Mutation(() => AssessmentPayload, { description: 'Creates an assessment with its questions and their options.' })
  async createAssessment(@Arg('input') input: CreateAssessmentInput, @Ctx() ctx: RequestContext): Promise<AssessmentPayload> {
    return { assessment: await createAssessment(ctx, input) };
  }

  @Requires('assessments.assessment.write')
  @Mutation(() => AssessmentPayload)
  async updateAssessment(@Arg('input') input: UpdateAssessmentInput, @Ctx() ctx: RequestContext): Promise<AssessmentPayload> {
    return { assessment: await updateAssessment(ctx, input) };
  }

  @FieldResolver(() => [Question], { description: 'Questions in display order.' })
  questions(
    @Root() assessment: Assessment,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, firstArg) first: number,
  ): Promise<Question[]> {
    return questionsByAssessment(ctx, checkFirst(first)).load(assessment.id);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() assessment: Assessment): User | null {
    return ref<User>(assessment.createdById);
  }

  @FieldResolver(() => User, { nullable: true })
  updatedBy(@Root() assessment: Assessment): User | null {
    return ref<User>(assessment.updatedById);
  }
}

@Resolver(() => Question)
export class QuestionResolver {
  @FieldResolver(() => [QuestionOption], { description: 'Choices in display order; empty for text and slider questions.' })
  options(
    @Root() question: Question,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, firstArg) first: number,
  ): Promise<QuestionOption[]> {
    return optionsByQuestion(ctx, checkFirst(first)).load(question.id);
  }
}

export const resolveAssessmentReference = (ref: { id: string }, ctx: RequestContext) => assessmentById(ctx).load(ref.id);
