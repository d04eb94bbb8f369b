import { newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { isUUID } from 'class-validator';
import { Conversation } from '../conversation/conversation.entity';
import { conversationById } from '../conversation/conversation.loader';
import { Message } from './message.entity';
import type { CreateMessageInput } from './message.inputs';

/**
 * Stores a message and bumps its conversation's message_count and last_message_at, all in the
 * request's transaction. The conversation row is locked first: concurrent messages of one
 * conversation then count correctly, and a replayed platformMessageId is found, not duplicated
 * (a unique index cannot do that on a table partitioned by received_at).
 */
export async function createMessage(ctx: RequestContext, input: CreateMessageInput): Promise<Message> {
  const { conversationId } = input;
  if (!isUUID(conversationId)) throw notFound('Conversation', conversationId);
  // RLS hides other tenants' conversations: locking one finds nothing, like a missing id.
  const locked = await ctx.manager
    .createQueryBuilder(Conversation, 'conv')
    .select('conv.id')
    .where('conv.id = :conversationId', { conversationId })
    .setLock('pessimistic_write')
    .getOne();
  if (!locked) throw notFound('Conversation', conversationId);

  const replay = await ctx.manager.findOneBy(Message, { conversationId, platformMessageId: input.platformMessageId });
  if (replay) return replay;

  const values = {
    id: newId(),
    tenantId: requireTenant(ctx),
    conversationId,
    platformMessageId: input.platformMessageId,
    direction: input.direction,
    content: input.content,
    senderId: input.senderId ?? null,
    receivedAt: input.receivedAt ?? new Date(),
  };
  await ctx.manager.insert(Message, values);
  const message = ctx.manager.create(Message, { ...values, metadata: {} });
  // Until the first message, last_message_at is only the creation time; after it, GREATEST keeps
  // a late-delivered older message from moving it backwards.
  await ctx.manager.query(
    `UPDATE conversations.conversations
     SET last_message_at = CASE WHEN message_count = 0 THEN $2 ELSE GREATEST(last_message_at, $2) END,
         message_count = message_count + 1
     WHERE id = $1`,
    [conversationId, message.receivedAt],
  );
  conversationById(ctx).clear(conversationId);
  return message;
}
