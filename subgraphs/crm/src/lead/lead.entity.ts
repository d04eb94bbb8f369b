import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Union of the seeds' lead statuses (000: customer; 002: converted). */
export enum LeadStatus {
  NEW = 'new',
  CONTACTED = 'contacted',
  QUALIFIED = 'qualified',
  CUSTOMER = 'customer',
  CONVERTED = 'converted',
  LOST = 'lost',
}
registerEnumType(LeadStatus, { name: 'LeadStatus' });

/** 002's hot/warm/cold rating, next to the 0..100 score of 000 and 004. */
export enum LeadTemperature {
  HOT = 'hot',
  WARM = 'warm',
  COLD = 'cold',
}
registerEnumType(LeadTemperature, { name: 'LeadTemperature' });

/** One lead: seeds 000 (assessment leads), 002 (conversation leads) and 004 (CRM leads) merged. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A prospective customer, from an assessment, a conversation or entered by hand.' })
@Entity({ name: 'leads', schema: 'crm' })
export class Lead {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Field() @Column({ type: 'varchar', length: 255 }) email: string;
  @Field() @Column({ type: 'varchar', length: 255 }) name: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true }) firstName: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'last_name', type: 'varchar', length: 100, nullable: true }) lastName: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 255, nullable: true }) company: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', length: 50, nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) @Column({ name: 'job_title', type: 'varchar', length: 255, nullable: true }) jobTitle: string | null;
  @Field(() => String, { nullable: true, description: 'Where the lead came from: website, referral, assessment, conversation...' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;
  @Field(() => LeadStatus) @Column({ type: 'varchar', length: 20 }) status: LeadStatus;
  @Field(() => Int, { description: 'Lead score 0..100.' }) @Column({ name: 'lead_score', type: 'int' }) leadScore: number;
  @Field(() => LeadTemperature, { nullable: true }) @Column({ type: 'varchar', length: 10, nullable: true }) temperature: LeadTemperature | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ name: 'response_id', type: 'uuid', nullable: true }) responseId: string | null;
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true }) conversationId: string | null;
  @Column({ name: 'assigned_to', type: 'uuid', nullable: true }) assignedToId: string | null;
  @Column({ name: 'assigned_by', type: 'uuid', nullable: true }) assignedById: string | null;
  @Field(() => Date, { nullable: true }) @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true }) assignedAt: Date | null;
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true }) workspaceId: string | null;
  @Column({ name: 'project_id', type: 'uuid', nullable: true }) projectId: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
