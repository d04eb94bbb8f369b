import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum ConversationStatus {
  ACTIVE = 'active',
  CLOSED = 'closed',
}
registerEnumType(ConversationStatus, { name: 'ConversationStatus' });

/** A thread with one participant on one social account (seed 002). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A conversation with one participant, received through a social account.' })
@Entity({ name: 'conversations', schema: 'conversations' })
export class Conversation {
  @Field(() => ID) @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'social_account_id', type: 'uuid' }) socialAccountId: string;
  @Field({ description: "The thread's id on the platform." })
  @Column({ name: 'platform_conversation_id', type: 'varchar', length: 255 })
  platformConversationId: string;
  @Field() @Column({ name: 'participant_id', type: 'varchar', length: 255 }) participantId: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'participant_name', type: 'varchar', length: 255, nullable: true }) participantName: string | null;
  @Field(() => ConversationStatus) @Column({ type: 'varchar', length: 20 }) status: ConversationStatus;
  @Field() @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Field() @Column({ name: 'last_message_at', type: 'timestamptz' }) lastMessageAt: Date;
  @Field(() => Int) @Column({ name: 'message_count', type: 'int' }) messageCount: number;
  /** The crm Lead this conversation was qualified into (another subgraph: id only). */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true }) leadId: string | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
