import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Role, UserRole } from './role.entity';

export const roleById = (ctx: RequestContext) => loader(ctx, 'role.byId', (c) => byIdLoader(c, Role));

/** Roles of many users: one query for the links, one (batched) for the roles they name. */
export const rolesByUser = (ctx: RequestContext) =>
  loader(ctx, 'role.byUser', (c) =>
    new DataLoader<string, Role[]>(async (userIds) => {
      const links = await c.manager.find(UserRole, { where: { userId: In([...userIds]) } });
      const roles = await roleById(c).loadMany([...new Set(links.map((l) => l.roleId))]);
      const byId = new Map(roles.filter((r): r is Role => r instanceof Role).map((r) => [r.id, r]));
      return userIds.map((userId) =>
        links
          .filter((l) => l.userId === userId)
          .map((l) => byId.get(l.roleId))
          .filter((r): r is Role => r !== undefined)
          .sort((a, b) => b.level - a.level),
      );
    }),
  );
