import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { AccessControlPolicy } from './policy.entity';

export const policyById = (ctx: RequestContext) => loader(ctx, 'policy.byId', (c) => byIdLoader(c, AccessControlPolicy));
