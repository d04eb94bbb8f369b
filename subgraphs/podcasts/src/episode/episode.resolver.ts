import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, Requires, notFound, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Podcast } from '../podcast/podcast.entity';
import { podcastById } from '../podcast/podcast.loader';
import { Episode } from './episode.entity';
import {
  CreateEpisodeInput,
  EPISODE_DEFAULT_ORDER,
  EPISODE_FILTER_COLUMNS,
  EPISODE_ORDER_COLUMNS,
  EpisodeFilter,
  EpisodeOrder,
  UpdateEpisodeInput,
  assertEpisodeFilterIds,
} from './episode.inputs';
import { episodeById } from './episode.loader';
import { createEpisode, updateEpisode } from './episode.service';

export const EpisodeConnection = ConnectionType(Episode);

@ObjectType()
export class EpisodePayload {
  @Field(() => Episode) episode: Episode;
}

@Resolver(() => Episode)
export class EpisodeResolver {
  @Requires('podcasts.episode.read')
  @Query(() => Episode, { nullable: true, description: 'An episode of your tenant, or null.' })
  episode(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Episode | null> {
    return episodeById(ctx).load(id);
  }

  @Requires('podcasts.episode.read')
  @Query(() => EpisodeConnection, { description: 'Episodes of all your podcasts; filter on podcastId for one show.' })
  episodes(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => EpisodeFilter, { nullable: true }) filter?: EpisodeFilter,
    @Arg('orderBy', () => [EpisodeOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    assertEpisodeFilterIds(filter);
    return paginate({
      qb: ctx.manager.createQueryBuilder(Episode, 'episode'),
      args,
      filter: filter as never,
      filterColumns: EPISODE_FILTER_COLUMNS,
      orderBy,
      orderColumns: EPISODE_ORDER_COLUMNS,
      defaultOrder: EPISODE_DEFAULT_ORDER,
      idColumn: 'episode.id',
    });
  }

  @Requires('podcasts.episode.write')
  @Mutation(() => EpisodePayload)
  async createEpisode(@Arg('input') input: CreateEpisodeInput, @Ctx() ctx: RequestContext): Promise<EpisodePayload> {
    return { episode: await createEpisode(ctx, input) };
  }

  @Requires('podcasts.episode.write')
  @Mutation(() => EpisodePayload)
  async updateEpisode(@Arg('input') input: UpdateEpisodeInput, @Ctx() ctx: RequestContext): Promise<EpisodePayload> {
    return { episode: await updateEpisode(ctx, input) };
  }

  @Requires('podcasts.podcast.read')
  @FieldResolver(() => Podcast)
  async podcast(@Root() episode: Episode, @Ctx() ctx: RequestContext): Promise<Podcast> {
    const podcast = await podcastById(ctx).load(episode.podcastId);
    if (!podcast) throw notFound('Podcast', episode.podcastId);
    return podcast;
  }
}

export const resolveEpisodeReference = (ref: { id: string }, ctx: RequestContext) => episodeById(ctx).load(ref.id);
