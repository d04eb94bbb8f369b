import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Project } from './project.entity';

export const projectById = (ctx: RequestContext) => loader(ctx, 'project.byId', (c) => byIdLoader(c, Project));
