import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AppError, ErrorCode, Requires, type RequestContext } from '@leadgraph/shared';
import { Conversation } from '../conversation/conversation.entity';
import { conversationById } from '../conversation/conversation.loader';
import { Message } from './message.entity';
import { CreateMessageInput } from './message.inputs';
import { messageById } from './message.loader';
import { createMessage } from './message.service';

@ObjectType()
export class MessagePayload {
  @Field(() => Message) message: Message;
}

// Messages share the conversation permissions: they are only ever seen as part of one.
@Resolver(() => Message)
export class MessageResolver {
  @Requires('conversations.conversation.read')
  @Query(() => Message, { nullable: true, description: 'A message of your tenant, or null.' })
  message(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Message | null> {
    return messageById(ctx).load(id);
  }

  @Requires('conversations.conversation.write')
  @Mutation(() => MessagePayload, { description: "Adds a message and updates the conversation's messageCount and lastMessageAt." })
  async createMessage(@Arg('input') input: CreateMessageInput, @Ctx() ctx: RequestContext): Promise<MessagePayload> {
    return { message: await createMessage(ctx, input) };
  }

  @FieldResolver(() => Conversation)
  async conversation(@Root() message: Message, @Ctx() ctx: RequestContext): Promise<Conversation> {
    const conversation = await conversationById(ctx).load(message.conversationId);
    if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
    return conversation;
  }
}

export const resolveMessageReference = (ref: { id: string }, ctx: RequestContext) => messageById(ctx).load(ref.id);
