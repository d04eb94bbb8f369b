import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { User } from './user.entity';

export const userById = (ctx: RequestContext) => loader(ctx, 'user.byId', (c) => byIdLoader(c, User));
