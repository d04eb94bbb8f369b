import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Lead } from './lead.entity';

export const leadById = (ctx: RequestContext) => loader(ctx, 'lead.byId', (c) => byIdLoader(c, Lead));
