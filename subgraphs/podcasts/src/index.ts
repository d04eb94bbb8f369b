import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { PodcastsInit1764000000000 } from '../migrations/1764000000000-PodcastsInit';
import { PodcastsAuditTrail1764100000400 } from '../migrations/1764100000400-PodcastsAuditTrail';
import { Episode } from './episode/episode.entity';
import { Podcast } from './podcast/podcast.entity';
import { podcastsDefinition } from './schema';
import { seedPodcasts } from './seed';

export const podcasts: SubgraphModule = {
  name: 'podcasts',
  defaultPort: 4004,
  entities: [Podcast, Episode],
  migrations: [PodcastsInit1764000000000, PodcastsAuditTrail1764100000400],
  definition: podcastsDefinition,
  seedDemo: seedPodcasts,
};

export { Podcast, Episode };
