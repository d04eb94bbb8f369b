import http from 'node:http';
import https from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Kind, parse, type SelectionSetNode } from 'graphql';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, mintInternalToken, type Logger } from '@leadgraph/shared';
import type { GatewayContext } from './context';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** How one subgraph call ended, as counted in the subgraph fetch histogram. */
export type SubgraphOutcome = 'ok' | 'graphql_error' | 'timeout' | 'failed';

export interface SubgraphFetchOptions {
  timeoutMs: number;
  log?: Logger;
  /** Called once per subgraph call (metrics). */
  observe?: (subgraph: string, outcome: SubgraphOutcome, seconds: number) => void;
}

/** The subgraph did not answer within its timeout. */
export class SubgraphTimeoutError extends Error {
  constructor(subgraph: string, timeoutMs: number) {
    super(`subgraph ${subgraph} did not answer within ${timeoutMs} ms`);
    this.name = 'SubgraphTimeoutError';
  }
}

/**
 * Calls one subgraph with a fresh internal token (audience = subgraph name) and the request
 * id. Nothing the client sent is forwarded: the subgraph trusts only this token.
 *
 * A subgraph that is down, slow past its timeout or answers garbage does not fail the whole
 * request: its fields become null with an error at their path (masked by the gateway's
 * formatError), and the other subgraphs' fields are still answered.
 */
export class InternalTokenDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly agent: http.Agent;

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    readonly opts: SubgraphFetchOptions,
  ) {
    super({ url });
    this.agent = keepAliveAgent(url);
    this.fetcher = fetchWith(this.agent, { subgraph, timeoutMs: opts.timeoutMs });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    // Composition-time calls (`_service`) come with an empty context: sign them as anonymous.
    const principal = context?.principal ?? { kind: 'anonymous' as const, userId: null, tenantId: null, roles: [], permissions: [] };
    headers.set(INTERNAL_TOKEN_HEADER, mintInternalToken(principal, { secret: this.secret, audience: this.subgraph, requestId: context?.requestId }));
    if (context?.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await super.process(options);
      this.opts.observe?.(this.subgraph, response.errors?.length ? 'graphql_error' : 'ok', seconds());
      return response;
    } catch (error) {
      const outcome: SubgraphOutcome = error instanceof SubgraphTimeoutError ? 'timeout' : 'failed';
      this.opts.observe?.(this.subgraph, outcome, seconds());
      // Health checks and schema loading keep failing loudly; only client operations degrade.
      if (!('incomingRequestContext' in options)) throw error;
      // The operator's line: the real reason (URL, ECONNREFUSED...) stays in the log.
      this.opts.log?.error('subgraph fetch failed', {
        subgraph: this.subgraph,
        requestId: options.context?.requestId,
        outcome,
        error: error instanceof Error ? error.message : String(error),
      });
      return { errors: failureErrors(this.subgraph, outcome, options.request.query) };
    }
  }

  /** Closes the pooled connections (gateway shutdown). */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * Pooled keep-alive connections to one subgraph: a request reuses a warm connection instead of
 * paying a TCP handshake, and a burst is capped at `maxSockets` connections (the rest queue)
 * instead of opening one per request against a subgraph whose database pool is small anyway.
 * Idle connections close after 30 s, or sooner when the subgraph's `Keep-Alive: timeout`
 * says so (Node honours the hint), so the gateway never writes to a socket the subgraph is closing.
 */
function keepAliveAgent(url: string): http.Agent {
  const options: http.AgentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000, scheduling: 'lifo' };
  return new URL(url).protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * A fetch for RemoteGraphQLDataSource over Node's http client and `agent`, aborted after
 * `timeoutMs` (the whole exchange, body included). Node 20's global fetch keeps connections
 * alive too, but its undici Agent is not exposed without the undici package: the http Agent
 * is the public way to own the pool's limits.
 */
function fetchWith(agent: http.Agent, { subgraph, timeoutMs }: { subgraph: string; timeoutMs: number }): Fetcher {
  return (url, init = {}) => {
    const signal = AbortSignal.timeout(timeoutMs);
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const body = init.body ?? '';
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: init.method ?? 'POST',
          headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
          agent,
          signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            try {
              const headers = new Headers();
              for (const [name, value] of Object.entries(response.headers)) {
                for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v);
              }
              const status = response.statusCode ?? 502;
              const noBody = status === 204 || status === 205 || status === 304;
              resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage, headers }));
            } catch (error) {
              fail(error);
            }
          });
        },
      );
      function fail(error: unknown) {
        reject(signal.aborted ? new SubgraphTimeoutError(subgraph, timeoutMs) : error);
      }
      request.on('error', fail);
      request.end(body);
    });
  };
}

/**
 * One error per root field of the failed subgraph operation, at that field's path, so a client
 * sees which fields are missing. For entity fetches (`_entities`) the path would point at every
 * entity; a single error without a path says the same.
 */
function failureErrors(subgraph: string, outcome: SubgraphOutcome, query: string | undefined): NonNullable<SubgraphResponse['errors']> {
  // INTERNAL_SERVER_ERROR: formatError masks it ("Internal server error"); the message is for logs.
  const error = (path?: string[]) => ({
    message: outcome === 'timeout' ? `subgraph ${subgraph} timed out` : `subgraph ${subgraph} is unavailable`,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
    ...(path ? { path } : {}),
  });
  const fields = query ? rootResponseKeys(query) : [];
  if (fields.length === 0 || fields.includes('_entities')) return [error()];
  return fields.map((field) => error([field]));
}

function rootResponseKeys(query: string): string[] {
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const keys = (set: SelectionSetNode): string[] =>
      set.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : s.kind === Kind.INLINE_FRAGMENT ? keys(s.selectionSet) : []));
    return operation && operation.kind === Kind.OPERATION_DEFINITION ? [...new Set(keys(operation.selectionSet))].filter((k) => k !== '__typename') : [];
  } catch {
    return [];
  }
}
