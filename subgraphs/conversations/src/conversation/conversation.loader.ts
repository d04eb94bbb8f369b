import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Conversation } from './conversation.entity';

export const conversationById = (ctx: RequestContext) => loader(ctx, 'conversation.byId', (c) => byIdLoader(c, Conversation));
