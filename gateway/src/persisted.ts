import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * Automatic persisted queries and trusted documents.
 * STUB: to be implemented (issue 4, item 4).
 */
export function persistedOperations(
  _config: Readonly<GatewayConfig>,
  _log: Logger,
): { persistedQueries: ApolloServerOptions<GatewayContext>['persistedQueries']; plugins: ApolloServerPlugin<GatewayContext>[] } {
  return { persistedQueries: undefined, plugins: [] };
}
