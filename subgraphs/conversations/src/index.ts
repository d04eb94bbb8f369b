import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { ConversationsInit1764000000000 } from '../migrations/1764000000000-ConversationsInit';
import { ConversationsAuditTrail1764100000400 } from '../migrations/1764100000400-ConversationsAuditTrail';
import { Conversation } from './conversation/conversation.entity';
import { Message } from './message/message.entity';
import { conversationsDefinition } from './schema';
import { seedConversations } from './seed';
import { SocialAccount } from './social-account/social-account.entity';

export const conversations: SubgraphModule = {
  name: 'conversations',
  defaultPort: 4005,
  entities: [SocialAccount, Conversation, Message],
  migrations: [ConversationsInit1764000000000, ConversationsAuditTrail1764100000400],
  definition: conversationsDefinition,
  seedDemo: seedConversations,
};

export { SocialAccount, Conversation, Message };
