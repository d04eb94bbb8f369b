import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { ErrorLog } from './error-log.entity';

export const errorLogById = (ctx: RequestContext) => loader(ctx, 'errorLog.byId', (c) => byIdLoader(c, ErrorLog));
