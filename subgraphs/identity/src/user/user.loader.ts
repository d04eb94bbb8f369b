import DataLoader from 'dataloader';
import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { User } from './user.entity';

export const userById = (ctx: RequestContext) => loader(ctx, 'user.byId', (c) => byIdLoader(c, User));

/**
 * The first `first` direct reports of every manager asked for in a tick, by name, in one
 * statement (row_number() per manager): a page of users costs one query whatever its size.
 */
export const reportsByManager = (ctx: RequestContext, first: number) =>
  loader(ctx, `user.reportsByManager:${first}`, (c) =>
    new DataLoader<string, User[]>(async (managerIds) => {
      const byManager = new Map<string, User[]>(managerIds.map((id) => [id, []]));
      if (first > 0) {
        const rows = await c.manager
          .createQueryBuilder(User, 'u')
          .where(
            `u.id IN (
              SELECT ranked.id FROM (
                SELECT r.id, row_number() OVER (PARTITION BY r.manager_id ORDER BY r.name, r.id) AS rn
                FROM identity.users r WHERE r.manager_id = ANY(:managerIds)
              ) ranked WHERE ranked.rn <= :first)`,
            { managerIds: [...managerIds], first },
          )
          .orderBy('u.name')
          .addOrderBy('u.id')
          .getMany();
        for (const row of rows) byManager.get(row.managerId!)?.push(row);
      }
      return managerIds.map((id) => byManager.get(id) ?? []);
    }),
  );
