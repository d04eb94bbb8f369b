import DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { AppError, ErrorCode, MAX_PAGE_SIZE, loader, type RequestContext } from '@leadgraph/shared';

/** The `first` argument of a child list: at most MAX_PAGE_SIZE, so no list is unbounded. */
export function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `first must be between 0 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  }
  return first;
}

export interface ChildrenSpec<E> {
  /** Loader name, unique in the subgraph. */
  key: string;
  entity: EntityTarget<E>;
  table: string;
  parentColumn: string;
  parentProperty: keyof E & string;
  /** SQL ORDER BY over the table's own columns, ending with a unique column. */
  order: string;
}

/**
 * The first `first` children of many parents in ONE query: row_number() ranks the children of
 * each parent, so a page of parents costs one statement however many parents it holds.
 */
export function firstChildren<E extends ObjectLiteral>(ctx: RequestContext, spec: ChildrenSpec<E>, first: number): DataLoader<string, E[]> {
  return loader(ctx, `${spec.key}:${first}`, (c) =>
    new DataLoader<string, E[]>(async (parentIds) => {
      const rows = await c.manager
        .createQueryBuilder(spec.entity, 'child')
        .innerJoin(
          `(SELECT id, row_number() OVER (PARTITION BY ${spec.parentColumn} ORDER BY ${spec.order}) AS rn
            FROM ${spec.table} WHERE ${spec.parentColumn} = ANY(:parentIds))`,
          'ranked',
          'ranked.id = child.id AND ranked.rn <= :first',
          { parentIds: [...parentIds], first },
        )
        .orderBy('ranked.rn')
        .getMany();
      const groups = new Map<string, E[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) groups.get(row[spec.parentProperty] as string)?.push(row);
      return parentIds.map((id) => groups.get(id) ?? []);
    }),
  );
}
