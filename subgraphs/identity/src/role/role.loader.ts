import DataLoader from 'dataloader';
import { byIdLoader, loader, type RequestContext } from '@leadgraph/shared';
import { Role, UserRole } from './role.entity';

export const roleById = (ctx: RequestContext) => loader(ctx, 'role.byId', (c) => byIdLoader(c, Role));

/** Roles of many users in one query. */
export const rolesByUser = (ctx: RequestContext) =>
  loader(ctx, 'role.byUser', (c) =>
    new DataLoader<string, Role[]>(async (userIds) => {
      const { entities, raw } = await c.manager
        .createQueryBuilder(Role, 'role')
        .innerJoin(UserRole, 'ur', 'ur.role_id = role.id')
        .addSelect('ur.user_id', 'ur_user_id')
        .where('ur.user_id = ANY(:userIds)', { userIds: [...userIds] })
        .orderBy('role.level', 'DESC')
        .getRawAndEntities();
      const byUser = new Map<string, Role[]>(userIds.map((id) => [id, []]));
      entities.forEach((role, i) => byUser.get((raw[i] as { ur_user_id: string }).ur_user_id)?.push(role));
      return userIds.map((id) => byUser.get(id) ?? []);
    }),
  );
