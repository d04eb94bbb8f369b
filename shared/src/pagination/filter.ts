import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { isUUID } from 'class-validator';
import { AppError, ErrorCode } from '../errors';

@InputType({ description: 'Conditions on a text field; all given conditions must hold.' })
export class StringFilter {
  @Field({ nullable: true }) eq?: string;
  @Field({ nullable: true }) ne?: string;
  @Field(() => [String], { nullable: true }) in?: string[];
  @Field({ nullable: true, description: 'Case-insensitive substring match.' }) contains?: string;
  @Field({ nullable: true, description: 'Case-insensitive prefix match.' }) startsWith?: string;
  @Field({ nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on an integer field.' })
export class IntFilter {
  @Field(() => Int, { nullable: true }) eq?: number;
  @Field(() => Int, { nullable: true }) ne?: number;
  @Field(() => Int, { nullable: true }) gt?: number;
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lt?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
  @Field(() => [Int], { nullable: true }) in?: number[];
  @Field({ nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on a timestamp field.' })
export class DateTimeFilter {
  @Field(() => GraphQLDateTimeISO, { nullable: true }) gt?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) gte?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) lt?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) lte?: Date;
  @Field({ nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on an id field.' })
export class IDFilter {
  @Field(() => ID, { nullable: true }) eq?: string;
  @Field(() => [ID], { nullable: true }) in?: string[];
  @Field({ nullable: true }) isNull?: boolean;
}

@InputType({ description: 'Conditions on a boolean field.' })
export class BooleanFilter {
  @Field({ nullable: true }) eq?: boolean;
}

/** Builds `<Name>Filter { eq ne in }` for an enum registered with type-graphql. */
export function enumFilter<E extends Record<string, string>>(enumObj: E, enumName: string) {
  @InputType(`${enumName}Filter`, { description: `Conditions on a ${enumName} field.` })
  class EnumFilter {
    @Field(() => enumObj, { nullable: true }) eq?: E[keyof E];
    @Field(() => enumObj, { nullable: true }) ne?: E[keyof E];
    @Field(() => [enumObj], { nullable: true }) in?: E[keyof E][];
  }
  return EnumFilter;
}

export { registerEnumType };

type Operand = Record<string, unknown>;

/** A filter input as the resolver receives it: field conditions plus and/or/not. */
export interface LogicalFilter {
  and?: LogicalFilter[] | null;
  or?: LogicalFilter[] | null;
  not?: LogicalFilter | null;
  [field: string]: unknown;
}

export interface CompiledFilter {
  sql: string;
  params: Record<string, unknown>;
}

/** An id that is not a UUID matches nothing; say so instead of letting PostgreSQL fail. */
function assertIds(field: string, filter: IDFilter): void {
  const ids = [filter.eq, ...(filter.in ?? [])].filter((v): v is string => v != null);
  if (ids.some((id) => !isUUID(id))) throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} filter: not a valid id`, { field });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Compiles a typed filter into a parameterised SQL condition. `columns` maps each filterable
 * GraphQL field to its SQL expression (already qualified with the alias); a field not in the
 * map is refused, so a filter can never reach an unintended column.
 */
export function compileFilter(filter: LogicalFilter | null | undefined, columns: Record<string, string>, prefix = 'f'): CompiledFilter {
  const params: Record<string, unknown> = {};
  let n = 0;
  const param = (value: unknown) => {
    const name = `${prefix}${n++}`;
    params[name] = value;
    return `:${name}`;
  };

  const fieldCondition = (column: string, op: string, value: unknown): string => {
    switch (op) {
      case 'eq': return `${column} = ${param(value)}`;
      case 'ne': return `${column} IS DISTINCT FROM ${param(value)}`;
      case 'gt': return `${column} > ${param(value)}`;
      case 'gte': return `${column} >= ${param(value)}`;
      case 'lt': return `${column} < ${param(value)}`;
      case 'lte': return `${column} <= ${param(value)}`;
      case 'in': return `${column} = ANY(${param(value)})`;
      case 'contains': return `${column} ILIKE ${param(`%${escapeLike(String(value))}%`)}`;
      case 'startsWith': return `${column} ILIKE ${param(`${escapeLike(String(value))}%`)}`;
      case 'isNull': return value ? `${column} IS NULL` : `${column} IS NOT NULL`;
      default: throw new AppError(ErrorCode.BAD_USER_INPUT, `Unknown filter operator ${op}`);
    }
  };

  const compile = (f: LogicalFilter, depth: number): string => {
    if (depth > 8) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Filter is nested too deeply (max 8 levels)');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(f)) {
      if (value === undefined || value === null) continue;
      if (key === 'and' || key === 'or') {
        const subs = (value as LogicalFilter[]).map((s) => compile(s, depth + 1)).filter((s) => s !== 'TRUE');
        if (subs.length) parts.push(`(${subs.join(key === 'and' ? ' AND ' : ' OR ')})`);
        else if (key === 'or' && (value as LogicalFilter[]).length === 0) parts.push('FALSE');
        continue;
      }
      if (key === 'not') {
        parts.push(`NOT (${compile(value as LogicalFilter, depth + 1)})`);
        continue;
      }
      const column = columns[key];
      if (!column) throw new AppError(ErrorCode.BAD_USER_INPUT, `Cannot filter on ${key}`);
      if (value instanceof IDFilter) assertIds(key, value);
      for (const [op, operand] of Object.entries(value as Operand)) {
        if (operand === undefined || operand === null) continue;
        parts.push(fieldCondition(column, op, operand));
      }
    }
    return parts.length ? parts.join(' AND ') : 'TRUE';
  };

  return { sql: filter ? compile(filter, 0) : 'TRUE', params };
}
