import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { ConversationResolver, resolveConversationReference } from './conversation/conversation.resolver';
import { MessageResolver, resolveMessageReference } from './message/message.resolver';
import { SocialAccountResolver, resolveSocialAccountReference } from './social-account/social-account.resolver';

export const conversationsDefinition: SubgraphDefinition = {
  name: 'conversations',
  resolvers: [ConversationResolver, MessageResolver, SocialAccountResolver],
  references: {
    Conversation: resolveConversationReference,
    Message: resolveMessageReference,
    SocialAccount: resolveSocialAccountReference,
  },
};

export const buildConversationsSchema = (): Promise<GraphQLSchema> => buildSubgraph(conversationsDefinition);
