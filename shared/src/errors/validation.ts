import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { ErrorCode } from './app-error';

export interface FieldProblem {
  path: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix: string, out: FieldProblem[]): FieldProblem[] {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ path, message });
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

/**
 * Turns type-graphql's "Argument Validation Error" into a message that names each bad field,
 * with `extensions.fields` for forms; class-validator's raw tree (which echoes the input
 * object) is dropped.
 */
export function describeValidationError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (!(original instanceof ArgumentValidationError)) return formatted;
  const fields = flatten(original.extensions.validationErrors as ValidationError[], '', []);
  return {
    ...formatted,
    message: `Invalid input: ${fields.map((f) => f.message).join('; ')}`,
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
  };
}
