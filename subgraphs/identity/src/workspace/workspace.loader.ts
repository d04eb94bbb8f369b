import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Workspace } from './workspace.entity';

export const workspaceById = (ctx: RequestContext) => loader(ctx, 'workspace.byId', (c) => byIdLoader(c, Workspace));
