import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { MessageDirection } from './message.entity';

@InputType()
export class CreateMessageInput {
  @Field(() => ID) conversationId: string;
  @Field({ description: "The message's id on the platform; a replay with the same id returns the first message." })
  @Length(1, 255)
  platformMessageId: string;
  @Field(() => MessageDirection) direction: MessageDirection;
  @Field() @Length(1, 100_000) content: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 255) senderId?: string;
  @Field({ nullable: true, description: 'When the platform received it; defaults to now.' }) receivedAt?: Date;
}
