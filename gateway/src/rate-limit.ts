import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * Rate limits per API key and per user, from the tenant's plan.
 * STUB: to be implemented (issue 4, item 3).
 */
export function createRateLimiting(
  _config: Readonly<GatewayConfig>,
  _deps: { log: Logger; billingUrl: string | undefined },
): { plugin: ApolloServerPlugin<GatewayContext> | null; stop(): Promise<void> } {
  return { plugin: null, stop: async () => {} };
}
