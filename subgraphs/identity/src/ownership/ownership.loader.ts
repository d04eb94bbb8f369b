import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { ResourceOwnership } from './ownership.entity';

export const ownershipById = (ctx: RequestContext) => loader(ctx, 'ownership.byId', (c) => byIdLoader(c, ResourceOwnership));
