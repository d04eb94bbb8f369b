import DataLoader from 'dataloader';
import { isUUID } from 'class-validator';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { RequestContext } from '../tenancy/request-context';

/**
 * Returns the request's loader under `key`, building it on first use. Each aggregate keeps its
 * own `<x>.loader.ts` that calls this; there is no central loader file.
 */
export function loader<K, V>(ctx: RequestContext, key: string, build: (ctx: RequestContext) => DataLoader<K, V>): DataLoader<K, V> {
  let existing = ctx.loaders.get(key) as DataLoader<K, V> | undefined;
  if (!existing) {
    existing = build(ctx);
    ctx.loaders.set(key, existing);
  }
  return existing;
}

/** One `SELECT ... WHERE id IN (...)` per tick for any entity with an `id` primary key. */
export function byIdLoader<E extends ObjectLiteral & { id: string }>(
  ctx: RequestContext,
  entity: EntityTarget<E>,
): DataLoader<string, E | null> {
  return new DataLoader<string, E | null>(async (ids) => {
    // A malformed id cannot exist: answer null (like a missing row) instead of a SQL error.
    const valid = ids.filter((id) => isUUID(id));
    const rows = valid.length ? await ctx.manager.getRepository(entity).findBy({ id: In(valid) } as never) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Groups children by a foreign key: one query for all parents asked for in a tick. */
export function byForeignKeyLoader<E extends ObjectLiteral>(
  ctx: RequestContext,
  entity: EntityTarget<E>,
  foreignKey: keyof E & string,
  order?: Partial<Record<keyof E & string, 'ASC' | 'DESC'>>,
): DataLoader<string, E[]> {
  return new DataLoader<string, E[]>(async (keys) => {
    const rows = await ctx.manager.getRepository(entity).find({
      where: { [foreignKey]: In([...keys]) } as never,
      order: order as never,
    });
    const groups = new Map<string, E[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[foreignKey] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}
