import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 001's onboarding_steps: a global catalog, the same steps for every tenant (seeded by migration). */
@ObjectType({ description: 'One step of the onboarding every new user goes through.' })
@Entity({ name: 'onboarding_steps', schema: 'identity' })
export class OnboardingStep {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Field({ description: 'Stable key, e.g. complete_profile.' }) @Column({ name: 'step_key', type: 'varchar', length: 100 }) stepKey: string;
  @Field() @Column({ name: 'step_name', type: 'varchar', length: 255 }) stepName: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description: string | null;
  @Field(() => Int) @Column({ name: 'order_index', type: 'int' }) orderIndex: number;
  @Field({ description: 'A required step cannot be skipped.' }) @Column({ type: 'boolean', default: true }) required: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** 001's onboarding_progress: what one user did with one step (completed or skipped). */
@ObjectType({ description: "The caller's outcome of one onboarding step." })
@Entity({ name: 'onboarding_progress', schema: 'identity' })
export class OnboardingProgress {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'step_id', type: 'uuid' }) stepId: string;
  @Field(() => Date, { nullable: true }) @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Field(() => Date, { nullable: true }) @Column({ name: 'skipped_at', type: 'timestamptz', nullable: true }) skippedAt: Date | null;
}
