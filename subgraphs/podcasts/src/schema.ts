import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { EpisodeResolver, resolveEpisodeReference } from './episode/episode.resolver';
import { PodcastResolver, resolvePodcastReference } from './podcast/podcast.resolver';

export const podcastsDefinition: SubgraphDefinition = {
  name: 'podcasts',
  resolvers: [PodcastResolver, EpisodeResolver],
  references: { Podcast: resolvePodcastReference, Episode: resolveEpisodeReference },
};

export const buildPodcastsSchema = (): Promise<GraphQLSchema> => buildSubgraph(podcastsDefinition);
