import { isUUID } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { podcastById } from '../podcast/podcast.loader';
import { Episode } from './episode.entity';
import type { CreateEpisodeInput, UpdateEpisodeInput } from './episode.inputs';

/** Two writers may pick the same number at once; the unique constraint decides, the caller gets CONFLICT. */
async function uniqueNumber<T>(write: Promise<T>, episodeNumber: number | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
    if (constraint === 'episodes_tenant_podcast_number_key') {
      throw new AppError(ErrorCode.CONFLICT, `Episode number ${episodeNumber} already exists in this podcast`, { field: 'episodeNumber' });
    }
    throw error;
  }
}

async function nextEpisodeNumber(ctx: RequestContext, podcastId: string): Promise<number> {
  const row: { next: number } | undefined = await ctx.manager
    .createQueryBuilder(Episode, 'episode')
    .select('coalesce(max(episode.episode_number), 0) + 1', 'next')
    .where('episode.podcast_id = :podcastId', { podcastId })
    .getRawOne();
  return Number(row?.next ?? 1);
}

export async function createEpisode(ctx: RequestContext, input: CreateEpisodeInput): Promise<Episode> {
  // Another tenant's podcast is invisible here (RLS), so it is refused exactly like a missing one.
  const podcast = await podcastById(ctx).load(input.podcastId);
  if (!podcast) throw notFound('Podcast', input.podcastId);
  const episodeNumber = input.episodeNumber ?? (await nextEpisodeNumber(ctx, podcast.id));
  const episode = ctx.manager.create(Episode, {
    ...input,
    episodeNumber,
    publishedAt: input.publishedAt ?? new Date(),
    id: newId(),
    tenantId: requireTenant(ctx),
    podcastId: podcast.id,
  });
  return uniqueNumber(ctx.manager.save(episode), episodeNumber);
}

export async function updateEpisode(ctx: RequestContext, input: UpdateEpisodeInput): Promise<Episode> {
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Episode', id);
  const result = await uniqueNumber(ctx.manager.update(Episode, { id }, changes), changes.episodeNumber);
  if (!result.affected) throw notFound('Episode', id);
  return ctx.manager.findOneByOrFail(Episode, { id });
}
