import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  ConnectionArgs,
  ConnectionType,
  MAX_PAGE_SIZE,
  OrderDirection,
  Requires,
  paginate,
  type RequestContext,
  type SortSpec,
} from '@leadgraph/shared';
import { Assessment, Question, QuestionOption } from '../assessment/assessment.entity';
import { assessmentById, optionById, questionById } from '../assessment/assessment.loader';
import { checkFirst } from '../children';
import { Answer, Response } from './response.entity';
import {
  RESPONSE_FILTER_COLUMNS,
  RESPONSE_ORDER_COLUMNS,
  ResponseFilter,
  ResponseOrder,
  SubmitResponseInput,
  checkResponseFilterIds,
} from './response.inputs';
import { answersByResponse, optionIdsByAnswer, responseById } from './response.loader';
import { submitResponse } from './response.service';

export const ResponseConnection = ConnectionType(Response);

@ObjectType()
export class ResponsePayload {
  @Field(() => Response) response: Response;
}

/** Rows that a foreign key guarantees; missing means a broken invariant, not bad input. */
function required<T>(row: T | null, what: string): T {
  if (!row) throw new Error(`${what} is missing`);
  return row;
}

@Resolver(() => Response)
export class ResponseResolver {
  @Requires('assessments.response.read')
  @Query(() => Response, { nullable: true, description: 'A response of your tenant, or null.' })
  response(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Response | null> {
    return responseById(ctx).load(id);
  }

  @Requires('assessments.response.read')
  @Query(() => ResponseConnection)
  responses(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ResponseFilter, { nullable: true }) filter?: ResponseFilter,
    @Arg('orderBy', () => [ResponseOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    checkResponseFilterIds(filter);
    return paginate({
      qb: ctx.manager.createQueryBuilder(Response, 'response'),
      args,
      filter: filter as never,
      filterColumns: RESPONSE_FILTER_COLUMNS,
      orderBy,
      orderColumns: RESPONSE_ORDER_COLUMNS,
      defaultOrder: [{ field: 'STARTED_AT', direction: OrderDirection.DESC }],
      idColumn: 'response.id',
    });
  }

  @Requires('assessments.response.write')
  @Mutation(() => ResponsePayload, { description: 'Records a completed response to a published assessment and scores it.' })
  async submitResponse(@Arg('input') input: SubmitResponseInput, @Ctx() ctx: RequestContext): Promise<ResponsePayload> {
    return { response: await submitResponse(ctx, input) };
  }

  @FieldResolver(() => Assessment)
  async assessment(@Root() response: Response, @Ctx() ctx: RequestContext): Promise<Assessment> {
    return required(await assessmentById(ctx).load(response.assessmentId), 'Assessment');
  }

  @FieldResolver(() => [Answer], { description: 'Answers in the order they were given.' })
  answers(
    @Root() response: Response,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: MAX_PAGE_SIZE, description: `How many, from the start (max ${MAX_PAGE_SIZE}).` }) first: number,
  ): Promise<Answer[]> {
    return answersByResponse(ctx, checkFirst(first)).load(response.id);
  }
}

@Resolver(() => Answer)
export class AnswerResolver {
  @FieldResolver(() => Question)
  async question(@Root() answer: Answer, @Ctx() ctx: RequestContext): Promise<Question> {
    return required(await questionById(ctx).load(answer.questionId), 'Question');
  }

  @FieldResolver(() => [QuestionOption], { description: 'Options chosen, for a choice question (a bounded few).' })
  async selectedOptions(@Root() answer: Answer, @Ctx() ctx: RequestContext): Promise<QuestionOption[]> {
    const ids = await optionIdsByAnswer(ctx).load(answer.id);
    const options = await optionById(ctx).loadMany(ids);
    return options
      .map((option) => required(option instanceof Error ? null : option, 'Option'))
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  }
}

export const resolveResponseReference = (ref: { id: string }, ctx: RequestContext) => responseById(ctx).load(ref.id);
