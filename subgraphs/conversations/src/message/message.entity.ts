import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum MessageDirection {
  INBOUND = 'inbound',
  OUTBOUND = 'outbound',
}
registerEnumType(MessageDirection, { name: 'MessageDirection' });

/**
 * One message of a conversation (seed 002). The table is partitioned by month of received_at,
 * which is why it is part of the primary key; `id` alone is still unique (UUIDv7).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A message received from or sent to the participant of a conversation.' })
@Entity({ name: 'messages', schema: 'conversations' })
export class Message {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'conversation_id', type: 'uuid' }) conversationId: string;
  @Field({ description: "The message's id on the platform." })
  @Column({ name: 'platform_message_id', type: 'varchar', length: 255 })
  platformMessageId: string;
  @Field(() => MessageDirection) @Column({ type: 'varchar', length: 20 }) direction: MessageDirection;
  @Field() @Column({ type: 'text' }) content: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'sender_id', type: 'varchar', length: 255, nullable: true }) senderId: string | null;
  @Field() @PrimaryColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Field(() => GraphQLJSONObject) @Column({ type: 'jsonb', default: {} }) metadata: Record<string, unknown>;
}
