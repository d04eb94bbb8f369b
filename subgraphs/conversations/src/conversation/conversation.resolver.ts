import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  AppError,
  ConnectionArgs,
  ConnectionType,
  ErrorCode,
  OrderDirection,
  Requires,
  paginate,
  type Connection,
  type RequestContext,
  type SortSpec,
} from '@leadgraph/shared';
import { Lead, ref } from '../references/external';
import { Message } from '../message/message.entity';
import { decodeMessageCursor, messagePages } from '../message/message.loader';
import { SocialAccount } from '../social-account/social-account.entity';
import { socialAccountById } from '../social-account/social-account.loader';
import { Conversation } from './conversation.entity';
import {
  CONVERSATION_FILTER_COLUMNS,
  CONVERSATION_ORDER_COLUMNS,
  ConversationFilter,
  ConversationMessagesArgs,
  ConversationOrder,
  CreateConversationInput,
  UpdateConversationInput,
  assertIdFilters,
} from './conversation.inputs';
import { conversationById } from './conversation.loader';
import { createConversation, updateConversation } from './conversation.service';

export const ConversationConnection = ConnectionType(Conversation);
export const MessageConnection = ConnectionType(Message);

@ObjectType()
export class ConversationPayload {
  @Field(() => Conversation) conversation: Conversation;
}

@Resolver(() => Conversation)
export class ConversationResolver {
  @Requires('conversations.conversation.read')
  @Query(() => Conversation, { nullable: true, description: 'A conversation of your tenant, or null.' })
  conversation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Conversation | null> {
    return conversationById(ctx).load(id);
  }

  @Requires('conversations.conversation.read')
  @Query(() => ConversationConnection, { description: 'Conversations of your tenant, most recent message first by default.' })
  conversations(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ConversationFilter, { nullable: true }) filter?: ConversationFilter,
    @Arg('orderBy', () => [ConversationOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    assertIdFilters(filter as never, ['leadId', 'socialAccountId']);
    return paginate({
      qb: ctx.manager.createQueryBuilder(Conversation, 'conv'),
      args,
      filter: filter as never,
      filterColumns: CONVERSATION_FILTER_COLUMNS,
      orderBy,
      orderColumns: CONVERSATION_ORDER_COLUMNS,
      defaultOrder: [{ field: 'LAST_MESSAGE_AT', direction: OrderDirection.DESC }],
      idColumn: 'conv.id',
    });
  }

  @Requires('conversations.conversation.write')
  @Mutation(() => ConversationPayload, {
    description: 'Starts a conversation; a replay with the same socialAccountId and platformConversationId returns the first one.',
  })
  async createConversation(@Arg('input') input: CreateConversationInput, @Ctx() ctx: RequestContext): Promise<ConversationPayload> {
    return { conversation: await createConversation(ctx, input) };
  }

  @Requires('conversations.conversation.write')
  @Mutation(() => ConversationPayload)
  async updateConversation(@Arg('input') input: UpdateConversationInput, @Ctx() ctx: RequestContext): Promise<ConversationPayload> {
    return { conversation: await updateConversation(ctx, input) };
  }

  @FieldResolver(() => Lead, { nullable: true, description: 'The crm lead this conversation was qualified into.' })
  lead(@Root() conversation: Conversation): Lead | null {
    return ref<Lead>(conversation.leadId);
  }

  @FieldResolver(() => SocialAccount)
  async socialAccount(@Root() conversation: Conversation, @Ctx() ctx: RequestContext): Promise<SocialAccount> {
    const account = await socialAccountById(ctx).load(conversation.socialAccountId);
    // The composite FK guarantees the account exists in the same tenant.
    if (!account) throw new AppError(ErrorCode.NOT_FOUND, 'Social account not found');
    return account;
  }

  @FieldResolver(() => MessageConnection, { description: 'Messages, newest first; batched across the conversations of a page.' })
  async messages(
    @Root() conversation: Conversation,
    @Args() { first, after }: ConversationMessagesArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Message>> {
    const page = await messagePages(ctx).load({
      conversationId: conversation.id,
      first: first ?? 20,
      after: after ? decodeMessageCursor(after) : null,
    });
    const edges = page.messages.map(({ message, cursor }) => ({ node: message, cursor }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasMore,
        hasPreviousPage: after != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      // Kept current by createMessage in the same transaction as the insert: no COUNT(*) needed.
      totalCount: conversation.messageCount,
    };
  }
}

export const resolveConversationReference = (ref: { id: string }, ctx: RequestContext) => conversationById(ctx).load(ref.id);
