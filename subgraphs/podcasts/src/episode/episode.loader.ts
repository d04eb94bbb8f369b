import DataLoader from 'dataloader';
import { AppError, ErrorCode, OrderDirection, byIdLoader, loader, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Episode } from './episode.entity';
import { EPISODE_DEFAULT_ORDER, episodeOrderColumns } from './episode.inputs';

export const episodeById = (ctx: RequestContext) => loader(ctx, 'episode.byId', (c) => byIdLoader(c, Episode));

/** The sort keys plus id as tie-breaker, under one alias. */
function sortKeys(alias: string, order: SortSpec[]): [string, OrderDirection][] {
  const columns = episodeOrderColumns(alias);
  const keys = order.map((s): [string, OrderDirection] => {
    const column = columns[s.field as keyof typeof columns];
    if (!column) throw new AppError(ErrorCode.BAD_USER_INPUT, `Cannot order by ${s.field}`);
    return [column.sql, s.direction];
  });
  return [...keys, [`${alias}.id`, order[order.length - 1].direction]];
}

/**
 * The first `first` episodes of each podcast asked for in a tick, in one statement: episodes
 * are ranked per podcast with row_number(), so a page of podcasts costs one query whatever its
 * size. One loader per (first, order), since those change the SQL.
 */
export function episodesByPodcast(ctx: RequestContext, first: number, orderBy?: SortSpec[] | null) {
  const order = orderBy?.length ? orderBy : EPISODE_DEFAULT_ORDER;
  const key = `episode.byPodcast:${first}:${order.map((s) => `${s.field} ${s.direction}`).join(',')}`;
  return loader(ctx, key, (c) =>
    new DataLoader<string, Episode[]>(async (podcastIds) => {
      const byPodcast = new Map<string, Episode[]>(podcastIds.map((id) => [id, []]));
      if (first > 0) {
        const window = sortKeys('e', order).map(([sql, direction]) => `${sql} ${direction}`).join(', ');
        const qb = c.manager
          .createQueryBuilder(Episode, 'episode')
          .where(
            `episode.id IN (
              SELECT ranked.id FROM (
                SELECT e.id, row_number() OVER (PARTITION BY e.podcast_id ORDER BY ${window}) AS rn
                FROM podcasts.episodes e WHERE e.podcast_id = ANY(:podcastIds)
              ) ranked WHERE ranked.rn <= :first)`,
            { podcastIds: [...podcastIds], first },
          );
        sortKeys('episode', order).forEach(([sql, direction], i) => qb[i === 0 ? 'orderBy' : 'addOrderBy'](sql, direction));
        for (const row of await qb.getMany()) byPodcast.get(row.podcastId)?.push(row);
      }
      return podcastIds.map((id) => byPodcast.get(id) ?? []);
    }),
  );
}

/** Episode counts of many podcasts in one grouped query. */
export const episodeCountByPodcast = (ctx: RequestContext) =>
  loader(ctx, 'episode.countByPodcast', (c) =>
    new DataLoader<string, number>(async (podcastIds) => {
      const rows: { podcast_id: string; count: string }[] = await c.manager
        .createQueryBuilder(Episode, 'episode')
        .select('episode.podcast_id', 'podcast_id')
        .addSelect('count(*)', 'count')
        .where('episode.podcast_id = ANY(:podcastIds)', { podcastIds: [...podcastIds] })
        .groupBy('episode.podcast_id')
        .getRawMany();
      const counts = new Map(rows.map((r) => [r.podcast_id, Number(r.count)]));
      return podcastIds.map((id) => counts.get(id) ?? 0);
    }),
  );
