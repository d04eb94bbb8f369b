import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { DateTimeFilter, NotNullable, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { Assessment, AssessmentStatus, QuestionType, ScoringType } from './assessment.entity';

export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 50;
// Keeps any total (questions x options x points) well inside a PostgreSQL integer.
const MAX_POINTS = 10_000;

const AssessmentStatusFilter = enumFilter(AssessmentStatus, 'AssessmentStatus');
const ScoringTypeFilter = enumFilter(ScoringType, 'ScoringType');

@InputType({ description: 'Filter assessments; fields combine with AND.' })
export class AssessmentFilter {
  @Field(() => AssessmentStatusFilter, { nullable: true }) status?: InstanceType<typeof AssessmentStatusFilter>;
  @Field(() => StringFilter, { nullable: true }) title?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) industry?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) topic?: StringFilter;
  @Field(() => ScoringTypeFilter, { nullable: true }) scoringType?: InstanceType<typeof ScoringTypeFilter>;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [AssessmentFilter], { nullable: true }) and?: AssessmentFilter[];
  @Field(() => [AssessmentFilter], { nullable: true }) or?: AssessmentFilter[];
  @Field(() => AssessmentFilter, { nullable: true }) not?: AssessmentFilter;
}

export const ASSESSMENT_FILTER_COLUMNS = {
  status: 'assessment.status',
  title: 'assessment.title',
  industry: 'assessment.industry',
  topic: 'assessment.topic',
  scoringType: 'assessment.scoring_type',
  createdAt: 'assessment.created_at',
};

export enum AssessmentOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
  STATUS = 'STATUS',
}
export const AssessmentOrder = OrderInput(AssessmentOrderField, 'Assessment');

export const ASSESSMENT_ORDER_COLUMNS: Record<AssessmentOrderField, { sql: string; property: keyof Assessment & string }> = {
  CREATED_AT: { sql: 'assessment.created_at', property: 'createdAt' },
  UPDATED_AT: { sql: 'assessment.updated_at', property: 'updatedAt' },
  TITLE: { sql: 'assessment.title', property: 'title' },
  STATUS: { sql: 'assessment.status', property: 'status' },
};

@InputType()
export class CreateQuestionOptionInput {
  @Field() @Length(1, 255) text: string;
  @Field(() => Int, { defaultValue: 0 }) @Min(0) @Max(MAX_POINTS) points: number;
  @Field(() => Int, { description: 'Display order, from 0.' }) @Min(0) order: number;
}

@InputType()
export class CreateQuestionInput {
  @Field() @Length(1, 10_000) text: string;
  @Field(() => QuestionType) type: QuestionType;
  @Field(() => Int, { description: 'Display order, from 0.' }) @Min(0) order: number;
  @Field(() => Int, { defaultValue: 0 }) @Min(0) @Max(MAX_POINTS) points: number;
  @Field({ nullable: true }) @IsOptional() @Length(0, 10_000) explanation?: string;
  @Field(() => [CreateQuestionOptionInput], { defaultValue: [], description: `Choices of a choice question (max ${MAX_OPTIONS}).` })
  @ArrayMaxSize(MAX_OPTIONS)
  @ValidateNested()
  options: CreateQuestionOptionInput[];
}

@InputType()
class AssessmentFields {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) industry?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) topic?: string | null;
}

@InputType()
export class CreateAssessmentInput extends AssessmentFields {
  @Field() @Length(1, 255) title: string;
  // Enum defaults are applied in the service: the subgraph schema is rebuilt from SDL, and an
  // enum default value there reaches the resolver as its GraphQL name (DRAFT), not 'draft'.
  @Field(() => AssessmentStatus, { nullable: true, description: 'Default DRAFT.' }) status?: AssessmentStatus | null;
  @Field(() => ScoringType, { nullable: true, description: 'Default POINT_BASED.' }) scoringType?: ScoringType | null;
  @Field(() => [CreateQuestionInput], { defaultValue: [], description: `At most ${MAX_QUESTIONS} questions.` })
  @ArrayMaxSize(MAX_QUESTIONS)
  @ValidateNested()
  questions: CreateQuestionInput[];
}

@InputType()
export class UpdateAssessmentInput extends AssessmentFields {
  @Field(() => ID) id: string;
  @Field({ nullable: true }) @NotNullable() @Length(1, 255) title?: string;
  @Field(() => AssessmentStatus, { nullable: true }) @NotNullable() status?: AssessmentStatus;
  @Field(() => ScoringType, { nullable: true }) @NotNullable() scoringType?: ScoringType;
}
