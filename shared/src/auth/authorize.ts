import type { GraphQLSchema } from 'graphql';
import { Authorized, Directive, type AuthChecker, getMetadataStorage } from 'type-graphql';
import { AppError, ErrorCode } from '../errors';
import { hasPermission } from './principal';
import type { RequestContext } from '../tenancy/request-context';

/** Marks a root field that anyone may call (login). Everything else names a permission. */
export const PUBLIC = '@public';
/** Marks a field that needs a signed-in principal but no particular permission (`me`). */
export const SIGNED_IN = '@signed-in';

type FieldDecorator = PropertyDecorator & MethodDecorator & ClassDecorator;

/**
 * Declares what a field needs, twice from one decorator: type-graphql's `Authorized` enforces
 * it in the subgraph, and a composed `@permission` directive carries it into the SDL and the
 * supergraph, where tests and tools can see every field's requirement.
 */
function declare(...requirements: string[]): FieldDecorator {
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    (Authorized(...requirements) as Function)(target, key, descriptor);
    for (const requirement of requirements) {
      (Directive(`@permission(name: ${JSON.stringify(requirement)})`) as Function)(target, key, descriptor);
    }
  }) as FieldDecorator;
}

export const Public = (): FieldDecorator => declare(PUBLIC);
export const SignedIn = (): FieldDecorator => declare(SIGNED_IN);
/** `@Requires('crm.lead.write')`: the permission a field or mutation needs (all of them, if several). */
export const Requires = (...permissions: string[]): FieldDecorator => declare(...permissions);

/**
 * type-graphql auth checker: the principal must hold every named permission. UNAUTHENTICATED
 * (no principal) and FORBIDDEN (principal without the permission) stay distinct.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context, info }, required) => {
  if (required.includes(PUBLIC)) return true;
  const { principal } = context;
  if (principal.kind === 'anonymous') {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to access this field');
  }
  if (principal.readOnly && info.operation.operation === 'mutation') {
    throw new AppError(ErrorCode.FORBIDDEN, 'This session is read-only');
  }
  const missing = required.filter((p) => p !== SIGNED_IN && !hasPermission(principal, p));
  if (missing.length > 0) {
    throw new AppError(ErrorCode.FORBIDDEN, `Missing permission: ${missing.join(', ')}`, { required: missing });
  }
  return true;
};

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/**
 * Deny by default: refuses to build a subgraph whose Query or Mutation field does not declare
 * a permission (or `@Public`). Called when the schema is built, so a forgotten decorator fails
 * the first test rather than shipping an open field.
 */
export function assertEveryRootFieldDeclaresPermission(schema: GraphQLSchema): void {
  const declared = new Set(
    getMetadataStorage().authorizedFields.map((f) => {
      const resolver = getMetadataStorage().queries.concat(getMetadataStorage().mutations).find(
        (q) => q.target === f.target && q.methodName === f.fieldName,
      );
      return resolver?.schemaName;
    }),
  );
  const open: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const name of Object.keys(type.getFields())) {
      if (!FEDERATION_FIELDS.has(name) && !declared.has(name)) open.push(`${type.name}.${name}`);
    }
  }
  if (open.length > 0) {
    throw new Error(`Root fields without a declared permission (deny by default): ${open.join(', ')}`);
  }
}
