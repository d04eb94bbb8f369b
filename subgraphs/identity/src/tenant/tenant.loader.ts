import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Tenant } from './tenant.entity';

export const tenantById = (ctx: RequestContext) => loader(ctx, 'tenant.byId', (c) => byIdLoader(c, Tenant));
