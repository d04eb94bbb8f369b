import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Episode } from '../episode/episode.entity';
import { PodcastEpisodesArgs } from '../episode/episode.inputs';
import { episodeCountByPodcast, episodesByPodcast } from '../episode/episode.loader';
import { Podcast } from './podcast.entity';
import {
  CreatePodcastInput,
  DeletePodcastInput,
  PODCAST_FILTER_COLUMNS,
  PODCAST_ORDER_COLUMNS,
  PodcastFilter,
  PodcastOrder,
  UpdatePodcastInput,
} from './podcast.inputs';
import { podcastById } from './podcast.loader';
import { createPodcast, deletePodcast, updatePodcast } from './podcast.service';

export const PodcastConnection = ConnectionType(Podcast);

@ObjectType()
export class PodcastPayload {
  @Field(() => Podcast) podcast: Podcast;
}

@ObjectType()
export class DeletePodcastPayload {
  @Field(() => ID) deletedPodcastId: string;
}

@Resolver(() => Podcast)
export class PodcastResolver {
  @Requires('podcasts.podcast.read')
  @Query(() => Podcast, { nullable: true, description: 'A podcast of your tenant, or null.' })
  podcast(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Podcast | null> {
    return podcastById(ctx).load(id);
  }

  @Requires('podcasts.podcast.read')
  @Query(() => PodcastConnection)
  podcasts(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => PodcastFilter, { nullable: true }) filter?: PodcastFilter,
    @Arg('orderBy', () => [PodcastOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Podcast, 'podcast'),
      args,
      filter: filter as never,
      filterColumns: PODCAST_FILTER_COLUMNS,
      orderBy,
      orderColumns: PODCAST_ORDER_COLUMNS,
      defaultOrder: [{ field: 'NAME', direction: OrderDirection.ASC }],
      idColumn: 'podcast.id',
    });
  }

  @Requires('podcasts.podcast.write')
  @Mutation(() => PodcastPayload)
  async createPodcast(@Arg('input') input: CreatePodcastInput, @Ctx() ctx: RequestContext): Promise<PodcastPayload> {
    return { podcast: await createPodcast(ctx, input) };
  }

  @Requires('podcasts.podcast.write')
  @Mutation(() => PodcastPayload)
  async updatePodcast(@Arg('input') input: UpdatePodcastInput, @Ctx() ctx: RequestContext): Promise<PodcastPayload> {
    return { podcast: await updatePodcast(ctx, input) };
  }

  @Requires('podcasts.podcast.delete')
  @Mutation(() => DeletePodcastPayload, { description: 'Deletes the podcast and all its episodes.' })
  async deletePodcast(@Arg('input') input: DeletePodcastInput, @Ctx() ctx: RequestContext): Promise<DeletePodcastPayload> {
    return { deletedPodcastId: await deletePodcast(ctx, input.id) };
  }

  @Requires('podcasts.episode.read')
  @FieldResolver(() => [Episode], { description: 'The first episodes of the podcast, latest published first unless ordered otherwise.' })
  episodes(@Root() podcast: Podcast, @Args() args: PodcastEpisodesArgs, @Ctx() ctx: RequestContext): Promise<Episode[]> {
    return episodesByPodcast(ctx, args.first, args.orderBy).load(podcast.id);
  }

  @Requires('podcasts.episode.read')
  @FieldResolver(() => Int, { description: 'All episodes of the podcast.' })
  episodeCount(@Root() podcast: Podcast, @Ctx() ctx: RequestContext): Promise<number> {
    return episodeCountByPodcast(ctx).load(podcast.id);
  }
}

export const resolvePodcastReference = (ref: { id: string }, ctx: RequestContext) => podcastById(ctx).load(ref.id);
