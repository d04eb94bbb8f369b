import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { GdprRequest } from './gdpr.entity';

export const gdprRequestById = (ctx: RequestContext) => loader(ctx, 'gdprRequest.byId', (c) => byIdLoader(c, GdprRequest));
