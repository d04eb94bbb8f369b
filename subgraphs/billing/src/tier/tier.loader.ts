import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { SubscriptionTier } from './tier.entity';

export const tierById = (ctx: RequestContext) => loader(ctx, 'tier.byId', (c) => byIdLoader(c, SubscriptionTier));
