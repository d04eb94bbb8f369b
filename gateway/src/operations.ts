import type { ApolloServerPlugin } from '@apollo/server';
import type { Express } from 'express';
import type { Logger } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * /ready and Prometheus /metrics.
 * STUB: to be implemented (issue 4, item 8).
 */
export function createOperations(
  _config: Readonly<GatewayConfig>,
  _deps: { log: Logger; subgraphUrls: Record<string, string> },
): { plugin: ApolloServerPlugin<GatewayContext> | null; mount(app: Express): void } {
  return { plugin: null, mount: () => {} };
}
