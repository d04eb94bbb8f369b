import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum AssessmentStatus {
  DRAFT = 'draft',
  PUBLISHED = 'published',
  ARCHIVED = 'archived',
}
registerEnumType(AssessmentStatus, { name: 'AssessmentStatus', description: 'Only a published assessment accepts responses.' });

export enum ScoringType {
  POINT_BASED = 'point_based',
  PERCENTAGE = 'percentage',
}
registerEnumType(ScoringType, { name: 'ScoringType' });

export enum QuestionType {
  SINGLE_CHOICE = 'single_choice',
  MULTIPLE_CHOICE = 'multiple_choice',
  TEXT = 'text',
  SLIDER = 'slider',
}
registerEnumType(QuestionType, { name: 'QuestionType' });

export const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set([QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE]);

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A diagnostic questionnaire whose scored responses qualify leads.' })
@Entity({ name: 'assessments', schema: 'assessments' })
export class Assessment {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) title: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => AssessmentStatus) @Column({ type: 'varchar', length: 20 }) status: AssessmentStatus;
  @Field(() => String, { nullable: true, description: 'Target industry.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  industry: string | null;
  @Field(() => String, { nullable: true, description: 'Main topic.' }) @Column({ type: 'varchar', length: 100, nullable: true }) topic: string | null;
  @Field(() => ScoringType) @Column({ name: 'scoring_type', type: 'varchar', length: 20 }) scoringType: ScoringType;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdById: string | null;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedById: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
}

@ObjectType({ description: 'One question of an assessment.' })
@Entity({ name: 'questions', schema: 'assessments' })
export class Question {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'assessment_id', type: 'uuid' }) assessmentId: string;
  @Field() @Column({ type: 'text' }) text: string;
  @Field(() => QuestionType) @Column({ type: 'varchar', length: 20 }) type: QuestionType;
  @Field(() => Int, { description: 'Display order, from 0.' }) @Column({ type: 'int' }) order: number;
  @Field(() => Int) @Column({ type: 'int' }) points: number;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) explanation: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}

@ObjectType({ description: 'An answer choice of a single- or multiple-choice question.' })
@Entity({ name: 'question_options', schema: 'assessments' })
export class QuestionOption {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'question_id', type: 'uuid' }) questionId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) text: string;
  @Field(() => Int, { description: 'Points awarded for choosing this option.' }) @Column({ type: 'int' }) points: number;
  @Field(() => Int, { description: 'Display order, from 0.' }) @Column({ type: 'int' }) order: number;
}
