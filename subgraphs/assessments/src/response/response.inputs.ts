import { Field, ID, InputType } from 'type-graphql';
import { isUUID, ArrayMaxSize, IsEmail, IsOptional, Length, ValidateNested } from 'class-validator';
import { AppError, DateTimeFilter, ErrorCode, IDFilter, IntFilter, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { MAX_OPTIONS, MAX_QUESTIONS } from '../assessment/assessment.inputs';
import { Response, ResponseStatus } from './response.entity';

const ResponseStatusFilter = enumFilter(ResponseStatus, 'ResponseStatus');

@InputType({ description: 'Filter responses; fields combine with AND.' })
export class ResponseFilter {
  @Field(() => IDFilter, { nullable: true }) assessmentId?: IDFilter;
  @Field(() => ResponseStatusFilter, { nullable: true }) status?: InstanceType<typeof ResponseStatusFilter>;
  @Field(() => StringFilter, { nullable: true }) email?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) sessionId?: StringFilter;
  @Field(() => IntFilter, { nullable: true }) totalScore?: IntFilter;
  @Field(() => DateTimeFilter, { nullable: true }) startedAt?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) completedAt?: DateTimeFilter;
  @Field(() => [ResponseFilter], { nullable: true }) and?: ResponseFilter[];
  @Field(() => [ResponseFilter], { nullable: true }) or?: ResponseFilter[];
  @Field(() => ResponseFilter, { nullable: true }) not?: ResponseFilter;
}

export const RESPONSE_FILTER_COLUMNS = {
  assessmentId: 'response.assessment_id',
  status: 'response.status',
  email: 'response.email',
  sessionId: 'response.session_id',
  totalScore: 'response.total_score',
  startedAt: 'response.started_at',
  completedAt: 'response.completed_at',
};

/** A malformed id in a filter is bad input, not a uuid cast error from PostgreSQL. */
export function checkResponseFilterIds(filter: ResponseFilter | null | undefined): void {
  if (!filter) return;
  const { eq, in: list } = filter.assessmentId ?? {};
  for (const id of [...(eq != null ? [eq] : []), ...(list ?? [])]) {
    if (!isUUID(id)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'assessmentId must be a UUID', { field: 'filter.assessmentId' });
  }
  [...(filter.and ?? []), ...(filter.or ?? []), ...(filter.not ? [filter.not] : [])].forEach(checkResponseFilterIds);
}

export enum ResponseOrderField {
  STARTED_AT = 'STARTED_AT',
  TOTAL_SCORE = 'TOTAL_SCORE',
}
export const ResponseOrder = OrderInput(ResponseOrderField, 'Response');

export const RESPONSE_ORDER_COLUMNS: Record<ResponseOrderField, { sql: string; property: keyof Response & string }> = {
  STARTED_AT: { sql: 'response.started_at', property: 'startedAt' },
  TOTAL_SCORE: { sql: 'response.total_score', property: 'totalScore' },
};

@InputType()
export class AnswerInput {
  @Field(() => ID) questionId: string;
  @Field(() => [ID], { defaultValue: [], description: 'Chosen options of a choice question: exactly one for single_choice.' })
  @ArrayMaxSize(MAX_OPTIONS)
  optionIds: string[];
  @Field({ nullable: true, description: 'The answer of a text question, or the value of a slider.' })
  @IsOptional()
  @Length(0, 10_000)
  text?: string;
}

@InputType()
export class SubmitResponseInput {
  @Field(() => ID) assessmentId: string;
  @Field({ nullable: true }) @IsOptional() @IsEmail() @Length(3, 255) email?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 255) name?: string;
  @Field({ description: "The respondent's browser session." }) @Length(1, 255) sessionId: string;
  @Field(() => [AnswerInput]) @ArrayMaxSize(MAX_QUESTIONS) @ValidateNested() answers: AnswerInput[];
}
