import { Field, ID, InputType, Int } from 'type-graphql';
import { IsEmail, IsOptional, Length, Max, Min } from 'class-validator';
import { DateTimeFilter, IDFilter, IntFilter, NotNullable, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { Lead, LeadStatus, LeadTemperature } from './lead.entity';

const LeadStatusFilter = enumFilter(LeadStatus, 'LeadStatus');
const LeadTemperatureFilter = enumFilter(LeadTemperature, 'LeadTemperature');

@InputType({ description: 'Filter leads; fields combine with AND.' })
export class LeadFilter {
  @Field(() => StringFilter, { nullable: true }) email?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) company?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) source?: StringFilter;
  @Field(() => LeadStatusFilter, { nullable: true }) status?: InstanceType<typeof LeadStatusFilter>;
  @Field(() => LeadTemperatureFilter, { nullable: true }) temperature?: InstanceType<typeof LeadTemperatureFilter>;
  @Field(() => IntFilter, { nullable: true }) leadScore?: IntFilter;
  @Field(() => IDFilter, { nullable: true }) assignedToId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) sourceResponseId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [LeadFilter], { nullable: true }) and?: LeadFilter[];
  @Field(() => [LeadFilter], { nullable: true }) or?: LeadFilter[];
  @Field(() => LeadFilter, { nullable: true }) not?: LeadFilter;
}

export const LEAD_FILTER_COLUMNS = {
  email: 'lead.email',
  name: 'lead.name',
  company: 'lead.company',
  source: 'lead.source',
  status: 'lead.status',
  temperature: 'lead.temperature',
  leadScore: 'lead.lead_score',
  assignedToId: 'lead.assigned_to',
  sourceResponseId: 'lead.response_id',
  createdAt: 'lead.created_at',
};

export enum LeadOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
  LEAD_SCORE = 'LEAD_SCORE',
  STATUS = 'STATUS',
}
export const LeadOrder = OrderInput(LeadOrderField, 'Lead');

export const LEAD_ORDER_COLUMNS: Record<LeadOrderField, { sql: string; property: keyof Lead & string }> = {
  CREATED_AT: { sql: 'lead.created_at', property: 'createdAt' },
  UPDATED_AT: { sql: 'lead.updated_at', property: 'updatedAt' },
  NAME: { sql: 'lead.name', property: 'name' },
  EMAIL: { sql: 'lead.email', property: 'email' },
  LEAD_SCORE: { sql: 'lead.lead_score', property: 'leadScore' },
  STATUS: { sql: 'lead.status', property: 'status' },
};

@InputType()
class LeadFields {
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) firstName?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) lastName?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 255) company?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 50) phone?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 255) jobTitle?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) source?: string;
  @Field(() => LeadStatus, { nullable: true }) @NotNullable() status?: LeadStatus;
  @Field(() => Int, { nullable: true }) @NotNullable() @Min(0) @Max(100) leadScore?: number;
  @Field(() => LeadTemperature, { nullable: true }) temperature?: LeadTemperature;
  @Field({ nullable: true }) @IsOptional() @Length(0, 10_000) notes?: string;
  @Field(() => ID, { nullable: true, description: 'User (identity) the lead is assigned to.' }) assignedToId?: string;
  @Field(() => ID, { nullable: true, description: 'Assessment response (assessments) the lead came from.' }) sourceResponseId?: string;
  @Field(() => ID, { nullable: true, description: 'Conversation (conversations) the lead came from.' }) conversationId?: string;
}

@InputType()
export class CreateLeadInput extends LeadFields {
  @Field() @IsEmail() @Length(3, 255) email: string;
  @Field() @Length(1, 255) name: string;
}

@InputType()
export class UpdateLeadInput extends LeadFields {
  @Field(() => ID) id: string;
  @Field({ nullable: true }) @NotNullable() @IsEmail() @Length(3, 255) email?: string;
  @Field({ nullable: true }) @NotNullable() @Length(1, 255) name?: string;
}

@InputType()
export class DeleteLeadInput {
  @Field(() => ID) id: string;
}
