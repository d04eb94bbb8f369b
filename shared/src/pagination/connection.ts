import { ArgsType, Directive, Field, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError, ErrorCode } from '../errors';
import { compileFilter, type LogicalFilter } from './filter';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

// Every subgraph returns PageInfo: it is a value type, shareable by definition.
@Directive('@shareable')
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the start (default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: items after it.' })
  after?: string;

  @Field(() => Int, { nullable: true, description: `Page size from the end (max ${MAX_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: items before it.' })
  before?: string;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: Promise<number> | number;
}

/** Builds `<Name>Connection` and `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field(() => nodeType) node: T;
    @Field() cursor: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    /** `paginate` defines it as a getter, so the count query runs only when selected. */
    @Field(() => Int, { description: 'Items matching the filter, on all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}

/** One sortable field: the GraphQL enum value maps to a NOT NULL SQL expression. */
export interface SortSpec {
  field: string;
  direction: OrderDirection;
}

export interface PaginateOptions<E extends ObjectLiteral> {
  qb: SelectQueryBuilder<E>;
  args: ConnectionArgs;
  filter?: LogicalFilter | null;
  /** GraphQL filter field -> SQL expression. */
  filterColumns: Record<string, string>;
  orderBy?: SortSpec[] | null;
  /** Order field enum value -> SQL expression and entity property. Columns must be NOT NULL. */
  orderColumns: Record<string, { sql: string; property: keyof E & string }>;
  defaultOrder: SortSpec[];
  /** Unique tie-breaker, e.g. `lead.id`; its entity property is `id`. */
  idColumn: string;
}

interface CursorPayload {
  k: string; // sort signature, so a cursor from another order is refused
  v: unknown[];
}

const encodeCursor = (payload: CursorPayload) => Buffer.from(JSON.stringify(payload)).toString('base64url');

function decodeCursor(cursor: string, signature: string): unknown[] {
  try {
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
    if (payload.k === signature && Array.isArray(payload.v)) return payload.v;
  } catch {
    /* fall through */
  }
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid cursor for this list and order');
}

/** PostgreSQL class 22: data exceptions (invalid text representation, out of range...). */
const isDataException = (error: unknown) => {
  const code = (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && code.startsWith('22');
};


/**
 * Keyset pagination over (sort keys..., id): fetches limit+1 rows to learn whether another
 * page exists, never uses OFFSET, and counts only when `totalCount` is selected.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(opts: PaginateOptions<E>): Promise<Connection<E>> {
  const { qb, args } = opts;
  if (args.first != null && args.last != null) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Pass either first or last, not both');
  }
  for (const [name, value] of [['first', args.first], ['last', args.last]] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must be between 0 and ${MAX_PAGE_SIZE}`);
    }
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;

  const order = (opts.orderBy?.length ? opts.orderBy : opts.defaultOrder).map((s) => {
    const column = opts.orderColumns[s.field];
    if (!column) throw new AppError(ErrorCode.BAD_USER_INPUT, `Cannot order by ${s.field}`);
    return { ...column, direction: s.direction };
  });
  const last = order[order.length - 1];
  const keys = [...order, { sql: opts.idColumn, property: 'id' as keyof E & string, direction: last?.direction ?? OrderDirection.ASC }];
  const signature = keys.map((k) => `${k.property}:${k.direction}`).join(',');

  const filter = compileFilter(opts.filter, opts.filterColumns);
  qb.andWhere(filter.sql, filter.params);
  const countQb = qb.clone();

  const cursor = backward ? args.before : args.after;
  if (cursor) {
    const values = decodeCursor(cursor, signature);
    if (values.length !== keys.length) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid cursor for this list and order');
    // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... ; the operator flips for DESC and for backward paging.
    const disjuncts: string[] = [];
    const params: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      const ascending = (key.direction === OrderDirection.ASC) !== backward;
      const conj = keys.slice(0, i).map((prev, j) => `${prev.sql} = :c${j}`);
      conj.push(`${key.sql} ${ascending ? '>' : '<'} :c${i}`);
      params[`c${i}`] = values[i];
      disjuncts.push(`(${conj.join(' AND ')})`);
    });
    qb.andWhere(`(${disjuncts.join(' OR ')})`, params);
  }

  keys.forEach((key, i) => {
    const ascending = (key.direction === OrderDirection.ASC) !== backward;
    qb[i === 0 ? 'orderBy' : 'addOrderBy'](key.sql, ascending ? 'ASC' : 'DESC');
    // Cursor values as PostgreSQL prints them: a JS Date would drop the microseconds of a
    // now()-defaulted timestamp and make pages skip or repeat rows.
    qb.addSelect(`(${key.sql})::text`, `cursor_key_${i}`);
  });
  const { entities, raw } = await qb
    .limit(limit + 1)
    .getRawAndEntities()
    .catch((error: unknown) => {
      // A cursor that decodes but carries a value of the wrong type (hand-edited) makes
      // PostgreSQL reject the comparison: that is the caller's input, not a server fault.
      if (cursor && isDataException(error)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid cursor for this list and order');
      throw error;
    });
  const rows = entities.map((node, i) => ({ node, keys: keys.map((_k, j) => (raw[i] as Record<string, unknown>)[`cursor_key_${j}`]) }));
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backward) page.reverse();

  const edges = page.map(({ node, keys: values }) => ({ node, cursor: encodeCursor({ k: signature, v: values }) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? cursor != null : hasMore,
      hasPreviousPage: backward ? hasMore : cursor != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return countQb.getCount();
    },
  };
}

/** Builds `<Name>Order { field: <Name>OrderField!, direction: OrderDirection = ASC }`. */
export function OrderInput<E extends Record<string, string>>(fieldEnum: E, name: string) {
  registerEnumType(fieldEnum, { name: `${name}OrderField` });
  @InputType(`${name}Order`, { description: `One sort key for ${name} lists; later keys break ties.` })
  class Order implements SortSpec {
    @Field(() => fieldEnum) field: string;
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction: OrderDirection;
  }
  return Order;
}
