import { isUUID } from 'class-validator';
import { newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Podcast } from './podcast.entity';
import type { CreatePodcastInput, UpdatePodcastInput } from './podcast.inputs';

export async function createPodcast(ctx: RequestContext, input: CreatePodcastInput): Promise<Podcast> {
  const podcast = ctx.manager.create(Podcast, { ...input, id: newId(), tenantId: requireTenant(ctx) });
  return ctx.manager.save(podcast);
}

export async function updatePodcast(ctx: RequestContext, input: UpdatePodcastInput): Promise<Podcast> {
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Podcast', id);
  // RLS hides other tenants' rows: an id from another tenant updates nothing, like a missing one.
  const result = await ctx.manager.update(Podcast, { id }, changes);
  if (!result.affected) throw notFound('Podcast', id);
  return ctx.manager.findOneByOrFail(Podcast, { id });
}

/** Its episodes go with it (ON DELETE CASCADE on the tenant-scoped foreign key). */
export async function deletePodcast(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('Podcast', id);
  const result = await ctx.manager.delete(Podcast, { id });
  if (!result.affected) throw notFound('Podcast', id);
  return id;
}
