import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { isUUID } from 'class-validator';
import { socialAccountById } from '../social-account/social-account.loader';
import { Conversation, ConversationStatus } from './conversation.entity';
import type { CreateConversationInput, UpdateConversationInput } from './conversation.inputs';
import { conversationById } from './conversation.loader';

/**
 * The platform's thread id is the idempotency key: a replayed webhook (same social account and
 * platformConversationId) returns the conversation created the first time.
 */
export async function createConversation(ctx: RequestContext, input: CreateConversationInput): Promise<Conversation> {
  // RLS hides other tenants' accounts: pointing at one is the same as pointing at nothing.
  const account = await socialAccountById(ctx).load(input.socialAccountId);
  if (!account) throw notFound('SocialAccount', input.socialAccountId);
  // Set here, not by now(): a JS Date keeps milliseconds only, and list cursors carry JS Dates.
  const now = new Date();
  await ctx.manager
    .createQueryBuilder()
    .insert()
    .into(Conversation)
    .values({
      id: newId(),
      tenantId: requireTenant(ctx),
      socialAccountId: account.id,
      platformConversationId: input.platformConversationId,
      participantId: input.participantId,
      participantName: input.participantName ?? null,
      status: ConversationStatus.ACTIVE,
      startedAt: now,
      lastMessageAt: now,
      messageCount: 0,
    })
    .orIgnore()
    .execute();
  return ctx.manager.findOneByOrFail(Conversation, {
    socialAccountId: account.id,
    platformConversationId: input.platformConversationId,
  });
}

export async function updateConversation(ctx: RequestContext, input: UpdateConversationInput): Promise<Conversation> {
  const { id, status, leadId } = input;
  if (!isUUID(id)) throw notFound('Conversation', id);
  if (leadId != null && !isUUID(leadId)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'leadId must be a UUID', { field: 'leadId' });
  const changes: Partial<Conversation> = {};
  if (status != null) changes.status = status;
  if (leadId !== undefined) changes.leadId = leadId;
  if (Object.keys(changes).length) {
    // RLS hides other tenants' rows: an id from another tenant updates nothing, like a missing one.
    const result = await ctx.manager.update(Conversation, { id }, changes);
    if (!result.affected) throw notFound('Conversation', id);
  }
  conversationById(ctx).clear(id);
  const conversation = await ctx.manager.findOneBy(Conversation, { id });
  if (!conversation) throw notFound('Conversation', id);
  return conversation;
}
