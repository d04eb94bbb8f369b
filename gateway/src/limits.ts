import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * Request limits (depth, aliases, directives, tokens, cost), introspection and suggestions.
 * STUB: to be implemented (issue 4, item 1-2).
 */
export function requestLimits(_config: Readonly<GatewayConfig>): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<GatewayContext>[] } {
  return { validationRules: [], plugins: [] };
}
