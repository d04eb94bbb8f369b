import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, Max, Min, isUUID } from 'class-validator';
import { AppError, DateTimeFilter, ErrorCode, IDFilter, OrderInput, StringFilter, enumFilter, type LogicalFilter } from '@leadgraph/shared';
import { Conversation, ConversationStatus } from './conversation.entity';

const ConversationStatusFilter = enumFilter(ConversationStatus, 'ConversationStatus');

@InputType({ description: 'Filter conversations; fields combine with AND.' })
export class ConversationFilter {
  @Field(() => ConversationStatusFilter, { nullable: true }) status?: InstanceType<typeof ConversationStatusFilter>;
  @Field(() => StringFilter, { nullable: true }) participantName?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) lastMessageAt?: DateTimeFilter;
  @Field(() => DateTimeFilter, { nullable: true }) startedAt?: DateTimeFilter;
  @Field(() => IDFilter, { nullable: true, description: 'The crm Lead the conversation was qualified into.' }) leadId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) socialAccountId?: IDFilter;
  @Field(() => [ConversationFilter], { nullable: true }) and?: ConversationFilter[];
  @Field(() => [ConversationFilter], { nullable: true }) or?: ConversationFilter[];
  @Field(() => ConversationFilter, { nullable: true }) not?: ConversationFilter;
}

export const CONVERSATION_FILTER_COLUMNS = {
  status: 'conv.status',
  participantName: 'conv.participant_name',
  lastMessageAt: 'conv.last_message_at',
  startedAt: 'conv.started_at',
  leadId: 'conv.lead_id',
  socialAccountId: 'conv.social_account_id',
};

/**
 * IDFilter values go into SQL against uuid columns: a malformed one would be a SQL error (masked
 * as INTERNAL_SERVER_ERROR), so it is refused as bad input first, at any and/or/not depth.
 */
export function assertIdFilters(filter: LogicalFilter | null | undefined, fields: string[]): void {
  if (!filter) return;
  for (const field of fields) {
    const condition = filter[field] as IDFilter | null | undefined;
    const values = [condition?.eq, ...(condition?.in ?? [])].filter((v) => v != null);
    if (values.some((v) => !isUUID(v))) throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} must be a UUID`, { field });
  }
  for (const sub of [...(filter.and ?? []), ...(filter.or ?? []), filter.not]) assertIdFilters(sub, fields);
}

export enum ConversationOrderField {
  LAST_MESSAGE_AT = 'LAST_MESSAGE_AT',
  STARTED_AT = 'STARTED_AT',
}
export const ConversationOrder = OrderInput(ConversationOrderField, 'Conversation');

export const CONVERSATION_ORDER_COLUMNS: Record<ConversationOrderField, { sql: string; property: keyof Conversation & string }> = {
  LAST_MESSAGE_AT: { sql: 'conv.last_message_at', property: 'lastMessageAt' },
  STARTED_AT: { sql: 'conv.started_at', property: 'startedAt' },
};

@ArgsType()
export class ConversationMessagesArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size (max 100).' })
  @IsOptional()
  @Min(0)
  @Max(100)
  first?: number | null;
  @Field(() => String, { nullable: true, description: 'Opaque cursor: messages older than it.' }) after?: string;
}

@InputType()
export class CreateConversationInput {
  @Field(() => ID, { description: 'The social account the conversation arrived through.' }) socialAccountId: string;
  @Field() @Length(1, 255) platformConversationId: string;
  @Field() @Length(1, 255) participantId: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 255) participantName?: string;
}

@InputType()
export class UpdateConversationInput {
  @Field(() => ID) id: string;
  @Field(() => ConversationStatus, { nullable: true }) status?: ConversationStatus;
  @Field(() => ID, { nullable: true, description: 'The crm Lead the conversation was qualified into; null unlinks it.' })
  leadId?: string | null;
}
