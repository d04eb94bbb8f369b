import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum ResponseStatus {
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  ABANDONED = 'abandoned',
}
registerEnumType(ResponseStatus, { name: 'ResponseStatus' });

@Directive('@key(fields: "id")')
@ObjectType({ description: "One respondent's attempt at an assessment, scored when submitted." })
@Entity({ name: 'responses', schema: 'assessments' })
export class Response {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'assessment_id', type: 'uuid' }) assessmentId: string;
  @Field({ description: "The respondent's browser session." }) @Column({ name: 'session_id', type: 'varchar', length: 255 }) sessionId: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 255, nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 255, nullable: true }) name: string | null;
  @Field(() => ResponseStatus) @Column({ type: 'varchar', length: 20 }) status: ResponseStatus;
  @Field(() => Int, { description: "Sum of the answers' points." }) @Column({ name: 'total_score', type: 'int' }) totalScore: number;
  // Personal data kept for analytics, not exposed.
  @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true }) ipAddress: string | null;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent: string | null;
  @Field() @Column({ name: 'started_at', type: 'timestamptz', precision: 3 }) startedAt: Date;
  @Field(() => Date, { nullable: true }) @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true }) completedAt: Date | null;
}

@ObjectType({ description: 'The answer to one question within a response.' })
@Entity({ name: 'answers', schema: 'assessments' })
export class Answer {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'response_id', type: 'uuid' }) responseId: string;
  @Column({ name: 'question_id', type: 'uuid' }) questionId: string;
  @Field(() => String, { nullable: true, description: 'Free text, or the value of a slider.' })
  @Column({ name: 'answer_text', type: 'text', nullable: true })
  text: string | null;
  @Field(() => Int) @Column({ name: 'points_awarded', type: 'int' }) pointsAwarded: number;
  @Field() @Column({ name: 'answered_at', type: 'timestamptz', precision: 3 }) answeredAt: Date;
}

/** An option chosen in a choice answer. */
@Entity({ name: 'answer_options', schema: 'assessments' })
export class AnswerOption {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'answer_id', type: 'uuid' }) answerId: string;
  @Column({ name: 'question_id', type: 'uuid' }) questionId: string;
  @PrimaryColumn({ name: 'option_id', type: 'uuid' }) optionId: string;
}
