import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { AppError, ErrorCode, type Principal } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * The public edge's limits on a request's document, all answered before any subgraph is called:
 * depth, aliases (`__typename` ones too), directives and tokens through graphql-armor, and query
 * cost here. Introspection is for signed-in people only (the explorer); everyone else gets no
 * schema hints, "Did you mean ..." suggestions included.
 *
 * Every refusal is GRAPHQL_VALIDATION_FAILED with HTTP 400 and `extensions.limit`
 * (`{ name, max, found }`): Apollo relabels any validation-rule error with that code anyway, and
 * the caller must change the document, not its values, to get through. The cost check runs per
 * request (it reads `first`/`last` from the variables), the others once per document.
 */
export function requestLimits(config: Readonly<GatewayConfig>): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<GatewayContext>[] } {
  return {
    validationRules: [
      ...armor({ maxDepth: { n: config.MAX_DEPTH, flattenFragments: true, ignoreIntrospection: true, ...reportAs('depth', config.MAX_DEPTH) } }).validationRules,
      ...armor({ maxAliases: { n: config.MAX_ALIASES, allowList: [], ...reportAs('aliases', config.MAX_ALIASES) } }).validationRules,
      ...armor({ maxDirectives: { n: config.MAX_DIRECTIVES, ...reportAs('directives', config.MAX_DIRECTIVES) } }).validationRules,
    ],
    plugins: [maxTokens(config.MAX_TOKENS), costLimit(config.MAX_COST), introspectionForPeople()],
  };
}

export type LimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

const MESSAGES: Record<LimitName, (max: number, found: number | undefined) => string> = {
  depth: (max, found) => `Query is nested too deep: ${found ?? 'over'} levels, the limit is ${max}`,
  aliases: (max, found) => `Query uses too many aliases: ${found ?? 'over'} aliases, the limit is ${max}`,
  directives: (max, found) => `Query uses too many directives: ${found ?? 'over'} directives, the limit is ${max}`,
  tokens: (max) => `Query is too long: the limit is ${max} tokens`,
  cost: (max, found) => `Query is too expensive: it costs ${found ?? 'over'}, the limit is ${max} (each field costs 1, a list or connection multiplies its selection by its page size)`,
};

/** A limit refusal; `found` is left out where counting stopped at the limit (tokens). */
export function limitExceeded(name: LimitName, max: number, found?: number): GraphQLError {
  return new GraphQLError(MESSAGES[name](max, found), {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: { name, max, ...(found === undefined ? {} : { found }) }, http: { status: 400 } },
  });
}

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;
const ARMOR_OFF: ArmorConfig = {
  blockFieldSuggestion: { enabled: false },
  costLimit: { enabled: false },
  maxAliases: { enabled: false },
  maxDepth: { enabled: false },
  maxDirectives: { enabled: false },
  maxTokens: { enabled: false },
};

/** One armor protection, every other one off (armor enables all by default). */
const armor = (only: ArmorConfig) => new ApolloArmor({ ...ARMOR_OFF, ...only }).protect();

/**
 * Armor's rules report "Syntax Error: ... limit of N exceeded, found M." (no syntax error at all);
 * we report our own message and `extensions.limit` instead, and never let armor throw from a rule.
 */
function reportAs(name: LimitName, max: number) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+)/.exec(error.message);
        ctx?.reportError(limitExceeded(name, max, found ? Number(found[1]) : undefined));
      },
    ],
  };
}

/** Thrown before parsing; carried to the client by `unexpectedErrorProcessingRequest` below. */
class TokenLimitExceeded extends GraphQLError {}

/**
 * Armor counts tokens with its own lexer before Apollo parses, so a huge document is refused
 * before parsing and validation (OverlappingFieldsCanBeMerged is quadratic). Its Apollo plugin is
 * not used as it is: it throws from `parsingDidStart`, which Apollo Server 5 answers with a 500,
 * its parser also throws for plain syntax errors (Apollo's own parse must report those, as a 400),
 * and its `unexpectedErrorProcessingRequest` turns ANY unexpected error into a
 * GRAPHQL_VALIDATION_FAILED carrying the raw message, which formatError would let through.
 * Here only our own limit error is rethrown from that hook; Apollo then formats it (400).
 */
function maxTokens(max: number): ApolloServerPlugin<GatewayContext> {
  const exceeded = limitExceeded('tokens', max);
  const counter = armor({
    maxTokens: {
      n: max,
      propagateOnRejection: false,
      onReject: [
        () => {
          throw new TokenLimitExceeded(exceeded.message, { extensions: exceeded.extensions });
        },
      ],
    },
  }).plugins[0] as ApolloServerPlugin<GatewayContext>;
  return {
    async requestDidStart(requestContext) {
      const armorListener = (await counter.requestDidStart?.(requestContext)) as GraphQLRequestListener<GatewayContext> | void;
      return {
        async parsingDidStart(parsingContext) {
          try {
            await armorListener?.parsingDidStart?.(parsingContext);
          } catch (error) {
            if (error instanceof TokenLimitExceeded) throw error;
            // A syntax error: Apollo's own parse, right after this hook, reports it.
          }
        },
      };
    },
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof TokenLimitExceeded) throw error;
    },
  };
}

/** Connections here are at most 100 a page: a list without `first`/`last` counts as a full page. */
export const DEFAULT_PAGE_SIZE = 100;

const isConnection = (type: GraphQLNamedType): boolean =>
  isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();

/**
 * The cost of an operation: every field 1; a connection field, or any other list field with a
 * selection, multiplies the cost of its selection by its page size (`first`/`last`, from the
 * document or the variables, else DEFAULT_PAGE_SIZE). A connection's `edges` are that page, so
 * they do not multiply again. Fragments count wherever they are spread (each computed once).
 * Introspection fields cost 1: the gateway answers them itself, and graphql-js's
 * MaxIntrospectionDepthRule bounds their nesting.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const defaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const fragmentCosts = new Map<string, number>();

  const intValue = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.INT) return Number(value.value);
    if (value?.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    const given = name in variables ? variables[name] : undefined;
    if (given !== undefined) return typeof given === 'number' ? given : undefined;
    return intValue(defaults.get(name));
  };

  const pageSize = (field: FieldNode): number => {
    const sizes = (field.arguments ?? [])
      .filter((a) => a.name.value === 'first' || a.name.value === 'last')
      .map((a) => intValue(a.value))
      .filter((n): n is number => Number.isInteger(n) && n! >= 0);
    return sizes.length > 0 ? Math.max(...sizes) : DEFAULT_PAGE_SIZE;
  };

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType): number => {
    if (field.name.value.startsWith('__') || !field.selectionSet) return 1;
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
    if (!definition) return 1;
    const type = getNamedType(definition.type);
    let multiplier = 1;
    if (isConnection(type)) multiplier = pageSize(field);
    else if (isListType(getNullableType(definition.type)) && !isConnection(parent)) multiplier = pageSize(field);
    return 1 + multiplier * selectionCost(field.selectionSet, type);
  };

  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) must not recurse forever
    const cost = fragment && type ? selectionCost(fragment.selectionSet, type) : 0;
    fragmentCosts.set(name, cost);
    return cost;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += fieldCost(selection, parent);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) cost += fragmentCost(selection.name.value);
      else cost += selectionCost(selection.selectionSet, (selection.typeCondition && schema.getType(selection.typeCondition.name.value)) || parent);
    }
    return cost;
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}

/** Per request, after validation: the page sizes may come from the variables. */
function costLimit(max: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > max) throw limitExceeded('cost', max, cost);
        },
      };
    },
  };
}

/** Signed-in people may read the schema (the explorer); API keys and anonymous callers may not. */
export const mayIntrospect = (principal: Principal | undefined): boolean => principal?.kind === 'user' || principal?.kind === 'support';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Whether the operation (with the fragments it spreads) selects `__schema` or `__type` anywhere. */
function introspects(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(s.name.value) || inSet(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return inSet(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return inSet(fragments.get(s.name.value)?.selectionSet);
    });
  return inSet(operation.selectionSet);
}

/** graphql-js appends suggestions as ` Did you mean "a", "b", or "c"?` (or `the enum value "A"?`). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function introspectionForPeople(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (operation && !mayIntrospect(contextValue.principal) && introspects(document, operation)) {
            throw new AppError(ErrorCode.FORBIDDEN, 'Introspection (__schema, __type) is only available to signed-in users; API keys and anonymous callers cannot read the schema', undefined, 403);
          }
        },
        // After formatError, on what is sent: validation, coercion and execution errors alike.
        async willSendResponse({ response, contextValue }) {
          if (mayIntrospect(contextValue?.principal) || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if (!singleResult.errors?.some((e) => e.message.includes('Did you mean'))) return;
          singleResult.errors = singleResult.errors.map((e) => ({ ...e, message: e.message.replace(SUGGESTION, '') }));
        },
      };
    },
  };
}
