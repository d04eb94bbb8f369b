import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { REQUEST_ID_HEADER, createLogger, isShownToClients, maskError, type LogLevel, type Logger } from '@leadgraph/shared';
import { SUPPORT_TENANT_HEADER, authenticate, createJwtVerifier, credentialFromHeaders, supportRequestFor } from './auth';
import { SUBGRAPH_NAMES, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { mountExplorer } from './explorer/explorer';
import { requestLimits } from './limits';
import { createMetering } from './metering';
import { createOperations } from './operations';
import { persistedOperations } from './persisted';
import { createPrincipalResolver, principalUrlFor, subgraphUrlInSupergraph } from './principal';
import { createRateLimiting } from './rate-limit';
import { InternalTokenDataSource } from './subgraph-fetch';

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export async function startGateway(config: Readonly<GatewayConfig>, opts: { log?: Logger } = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger('gateway', config.LOG_LEVEL as LogLevel);
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  // Where each subgraph is: a configured override, else the URL in the committed supergraph.
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((name) => {
      const url = config.subgraphUrls[name] ?? subgraphUrlInSupergraph(supergraphSdl, name);
      return url ? [[name, url]] : [];
    }),
  );
  const dataSources: InternalTokenDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const dataSource = new InternalTokenDataSource(name, subgraphUrls[name] ?? url!, config.INTERNAL_TOKEN_SECRET, {
        timeoutMs: config.subgraphTimeoutsMs[name] ?? config.SUBGRAPH_TIMEOUT_MS,
        log,
        observe: (subgraph, outcome, seconds) => operations.observeSubgraphFetch(subgraph, outcome, seconds),
      });
      dataSources.push(dataSource);
      return dataSource;
    },
  });

  // The public edge, each part in its own module (see their headers).
  const limits = requestLimits(config);
  const persisted = persistedOperations(config, log);
  const rateLimiting = createRateLimiting(config, { log, billingUrl: subgraphUrls.billing });
  const metering = createMetering(config, { log, billingUrl: subgraphUrls.billing });
  const operations = createOperations(config, { log, subgraphUrls });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    // The process owns shutdown (it drains HTTP, then the pool); Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    // The one masking point of the public API: subgraph URLs, SQL and stacks never leave. What
    // it hides is logged, with the request id, by `logMaskedErrors` (formatError has no context).
    formatError: (formatted) => maskError(formatted),
    validationRules: limits.validationRules,
    persistedQueries: persisted.persistedQueries,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      logMaskedErrors(log),
      ...[operations.plugin, metering.plugin, rateLimiting.plugin].filter((p) => p !== null),
      ...persisted.plugins,
      ...limits.plugins,
    ],
  });
  await apollo.start();

  const verifyJwt = createJwtVerifier({ jwksUri: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  const identityUrl = config.subgraphUrls.identity ?? subgraphUrlInSupergraph(supergraphSdl, 'identity');
  if (!identityUrl) throw new Error('gateway: the supergraph names no identity subgraph URL; set IDENTITY_URL');
  const resolvePrincipal = createPrincipalResolver({
    url: principalUrlFor(identityUrl),
    internalTokenSecret: config.INTERNAL_TOKEN_SECRET,
    ttlMs: config.PRINCIPAL_CACHE_TTL_MS,
    log,
  });
  let jwksCache: { body: unknown; at: number } | undefined;

  const app = express();
  app.disable('x-powered-by');
  // While draining, a keep-alive connection closes as soon as its response is sent, so
  // server.close() is not held open by clients that would otherwise reuse it.
  let draining = false;
  app.use((_req, res, next) => {
    if (draining) res.setHeader('Connection', 'close');
    res.once('finish', () => {
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    next();
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Identity signs the tokens; the gateway republishes its public keys where clients expect them.
  app.get('/.well-known/jwks.json', async (_req, res) => {
    try {
      if (!jwksCache || Date.now() - jwksCache.at > 5 * 60_000) {
        const upstream = await fetch(config.JWKS_URL, { signal: AbortSignal.timeout(5_000) });
        if (!upstream.ok) throw new Error(`JWKS upstream answered ${upstream.status}`);
        jwksCache = { body: await upstream.json(), at: Date.now() };
      }
      res.set('Cache-Control', 'public, max-age=300').json(jwksCache.body);
    } catch (error) {
      log.error('jwks unavailable', { error: String(error) });
      res.status(503).json({ error: 'signing keys temporarily unavailable' });
    }
  });
  operations.mount(app);
  mountExplorer(app);
  app.use(
    '/graphql',
    operations.observeRequests,
    // Before the body is parsed: a request refused for its body has an id in the log too.
    (req: Request, res: Response, next: NextFunction) => {
      const incoming = req.header(REQUEST_ID_HEADER);
      res.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, res.locals.requestId);
      next();
    },
    express.json({ limit: config.MAX_BODY_BYTES }),
    // A body that is not JSON, too large or in an unknown charset: a GraphQL error response, not Express's HTML page.
    (error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!error.status || error.status >= 500) return next(error);
      const message =
        error.type === 'entity.too.large' ? `The request body is larger than ${config.MAX_BODY_BYTES} bytes` : error.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request body cannot be read';
      operations.noteError(res, 'BAD_REQUEST');
      res.status(error.status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = res.locals.requestId as string;
        const credential = credentialFromHeaders(req.header('authorization'), req.header('x-api-key'));
        try {
          const support = supportRequestFor(req.header(SUPPORT_TENANT_HEADER), req.body);
          const principal = await authenticate(credential, { verifyJwt, resolvePrincipal }, requestId, support);
          return { principal, requestId, clientIp: req.ip, observation: operations.observationOf(res) };
        } catch (error) {
          const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
          operations.noteError(res, typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          if ((error as { extensions?: { http?: { status?: number } } }).extensions?.http?.status === 503) res.setHeader('Retry-After', '1');
          throw error;
        }
      },
    }),
  );

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  operations.serving();
  log.info('gateway listening', { url, explorer: url });

  // Graceful: stop accepting, let requests in flight finish (up to SHUTDOWN_GRACE_MS), then
  // cut what is left and stop Apollo. Idempotent: the process and a test may both call it.
  let stopped: Promise<void> | undefined;
  const drain = async () => {
    operations.draining();
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      log.warn('shutdown grace period over: closing connections with requests in flight', { graceMs: config.SHUTDOWN_GRACE_MS });
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await apollo.stop();
    await Promise.all([rateLimiting.stop(), metering.stop()]);
    for (const dataSource of dataSources) dataSource.close();
    operations.stop();
  };
  return {
    url,
    port,
    stop() {
      stopped ??= drain();
      return stopped;
    },
  };
}

/** Logs every error the client will only see as "Internal server error", with its request id. */
function logMaskedErrors(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isShownToClients(error.extensions?.code)) continue;
            log.error('masked error', { requestId: contextValue.requestId, message: error.message, path: error.path });
          }
        },
      };
    },
  };
}
