import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, mintInternalToken } from '@leadgraph/shared';
import type { GatewayContext } from './context';

/**
 * Calls one subgraph with a fresh internal token (audience = subgraph name) and the request
 * id. Nothing the client sent is forwarded: the subgraph trusts only this token.
 */
export class InternalTokenDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    // STUB: the timeout is not applied yet (issue 4, item 5).
    readonly opts: { timeoutMs: number },
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    // Composition-time calls (`_service`) come with an empty context: sign them as anonymous.
    const principal = context?.principal ?? { kind: 'anonymous' as const, userId: null, tenantId: null, roles: [], permissions: [] };
    headers.set(INTERNAL_TOKEN_HEADER, mintInternalToken(principal, { secret: this.secret, audience: this.subgraph, requestId: context?.requestId }));
    if (context?.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
