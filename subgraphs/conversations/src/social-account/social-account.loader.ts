import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { SocialAccount } from './social-account.entity';

export const socialAccountById = (ctx: RequestContext) => loader(ctx, 'socialAccount.byId', (c) => byIdLoader(c, SocialAccount));
