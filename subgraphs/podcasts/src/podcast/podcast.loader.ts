import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Podcast } from './podcast.entity';

export const podcastById = (ctx: RequestContext) => loader(ctx, 'podcast.byId', (c) => byIdLoader(c, Podcast));
