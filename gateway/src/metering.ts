import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/**
 * Every request recorded per tenant, principal and operation into billing's api_usage.
 * STUB: to be implemented (issue 4, item 6).
 */
export function createMetering(
  _config: Readonly<GatewayConfig>,
  _deps: { log: Logger; billingUrl: string | undefined },
): { plugin: ApolloServerPlugin<GatewayContext> | null; stop(): Promise<void> } {
  return { plugin: null, stop: async () => {} };
}
