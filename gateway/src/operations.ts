import type { ApolloServerPlugin } from '@apollo/server';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REQUEST_ID_HEADER, internalRouteUrl, type Logger, type Principal } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import type { SubgraphOutcome } from './subgraph-fetch';

/**
 * What operators see of the gateway: one JSON log line per GraphQL request, `/ready` for the
 * load balancer and Prometheus `/metrics`.
 *
 * A request is observed from the HTTP side (`observeRequests`, first on /graphql), so requests
 * Apollo refuses before its pipeline (bad JSON, a bad token) are logged and counted too; the
 * plugin adds what only Apollo knows (operation, principal, error code) to the same record,
 * which the context carries (`observation`). Not AsyncLocalStorage: it turns on promise hooks
 * for the whole process, measured at ~7% of the gateway's CPU in the federation benchmark.
 */
export interface Operations {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Mounts /ready, and /metrics unless METRICS_ENABLED=false. */
  mount(app: Express): void;
  /** First middleware of /graphql: times the request and logs it when the response is done. */
  observeRequests: RequestHandler;
  /** The record of this HTTP request, for the GraphQL context (`observation`). */
  observationOf(res: Response): RequestObservation | undefined;
  /** Notes an error answered outside Apollo's pipeline (body parser, context), for the log line and metrics. */
  noteError(res: Response, code: string): void;
  /** Subgraph call durations, fed by InternalTokenDataSource. */
  observeSubgraphFetch(subgraph: string, outcome: SubgraphOutcome, seconds: number): void;
  /** The supergraph is loaded: /ready may answer 200. */
  serving(): void;
  /** Shutdown began: /ready answers 503 so the load balancer stops sending traffic. */
  draining(): void;
  stop(): void;
}

export interface RequestObservation {
  started: bigint;
  operationName?: string | null;
  operationType?: string;
  principal?: Principal;
  /** `extensions.code` of the first error of the response, as the client saw it. */
  code?: string;
  hasData?: boolean;
}

type Outcome = 'success' | 'partial' | 'error' | 'aborted';

// Short, but a subgraph busy with a GC pause or a burst must not be declared down at once.
const HEALTH_TIMEOUT_MS = 2_000;
const READY_CACHE_MS = 1_500;

export function createOperations(
  config: Readonly<GatewayConfig>,
  { log, subgraphUrls }: { log: Logger; subgraphUrls: Record<string, string> },
): Operations {
  const metrics = config.METRICS_ENABLED ? createMetrics() : null;
  const readiness = createReadiness(subgraphUrls, log);
  let state: 'starting' | 'serving' | 'draining' = 'starting';

  const finish = (req: Request, res: Response, record: RequestObservation) => {
    const seconds = Number(process.hrtime.bigint() - record.started) / 1e9;
    const status = res.statusCode;
    const outcome: Outcome = !res.writableFinished
      ? 'aborted'
      : !record.code && status < 400
        ? 'success'
        : record.code && record.hasData
          ? 'partial'
          : 'error';
    const operationType = record.operationType ?? 'unknown';
    const code = record.code ?? (status >= 400 ? 'HTTP_ERROR' : 'none');
    metrics?.requestDuration.observe({ operation_type: operationType, outcome }, seconds);
    metrics?.requests.inc({ status: String(status), code });
    log.info('graphql request', {
      requestId: res.getHeader(REQUEST_ID_HEADER),
      method: req.method,
      operationName: record.operationName ?? null,
      operationType,
      status,
      outcome,
      code: record.code ?? null,
      durationMs: Math.round(seconds * 1e4) / 10,
      principal: record.principal?.kind ?? null,
      tenantId: record.principal?.tenantId ?? null,
    });
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const record = contextValue.observation;
      if (!record) return; // executeOperation in a test: no HTTP request to observe
      return {
        async didResolveOperation({ operation, operationName }) {
          record.operationType = operation?.operation;
          record.operationName = operationName;
        },
        async willSendResponse({ response, contextValue, operationName }) {
          record.principal = contextValue.principal;
          record.operationName ??= operationName;
          if (response.body.kind === 'single') {
            const { errors, data } = response.body.singleResult;
            const code = errors?.[0]?.extensions?.code;
            if (errors?.length) record.code = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
            record.hasData = data != null;
          }
        },
      };
    },
    // Refused before the pipeline (no context, so no requestDidStart): the context function
    // and the body parser's error handler report those with `noteError`.
  };

  return {
    plugin,
    observeRequests(req: Request, res: Response, next: NextFunction) {
      const record: RequestObservation = { started: process.hrtime.bigint() };
      res.locals.operationsRecord = record;
      res.once('close', () => finish(req, res, record));
      next();
    },
    observationOf(res) {
      return res.locals.operationsRecord as RequestObservation | undefined;
    },
    noteError(res, code) {
      const record = res.locals.operationsRecord as RequestObservation | undefined;
      if (record) record.code = code;
    },
    observeSubgraphFetch(subgraph, outcome, seconds) {
      metrics?.subgraphFetchDuration.observe({ subgraph, outcome }, seconds);
    },
    mount(app) {
      app.get('/ready', async (_req, res) => {
        res.set('Cache-Control', 'no-store');
        if (state !== 'serving') {
          res.status(503).json({ status: state });
          return;
        }
        const up = await readiness();
        const down = Object.entries(up)
          .filter(([, ok]) => !ok)
          .map(([name]) => name);
        // Names only: a subgraph's URL is internal.
        if (down.length > 0) res.status(503).json({ status: 'unavailable', down });
        else res.json({ status: 'ready', subgraphs: Object.keys(up) });
      });
      if (metrics) {
        app.get('/metrics', async (_req, res) => {
          res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
        });
      }
    },
    serving() {
      if (state === 'starting') state = 'serving';
    },
    draining() {
      state = 'draining';
    },
    stop() {
      metrics?.registry.clear();
    },
  };
}

/** Its own Registry: several gateways in one process (tests) must not share counters. */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL requests answered by the gateway, by operation type and outcome (success, partial, error, aborted)',
    labelNames: ['operation_type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by HTTP status and the first error code of the response (none when there is no error)',
    labelNames: ['status', 'code'] as const,
    registers: [registry],
  });
  const subgraphFetchDuration = new Histogram({
    name: 'graphql_subgraph_fetch_duration_seconds',
    help: 'Calls from the gateway to a subgraph, by subgraph and outcome (ok, graphql_error, timeout, failed)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { registry, requestDuration, requests, subgraphFetchDuration };
}

/**
 * Asks every subgraph's /health, at most once per READY_CACHE_MS: a load balancer polling
 * /ready on every replica must not multiply into subgraph traffic. Concurrent calls share the
 * probe in flight.
 */
function createReadiness(subgraphUrls: Record<string, string>, log: Logger): () => Promise<Record<string, boolean>> {
  let cached: { at: number; result: Promise<Record<string, boolean>> } | undefined;
  const probe = async (name: string, url: string) => {
    try {
      const res = await fetch(healthUrlFor(url), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await res.arrayBuffer();
      if (!res.ok) log.warn('subgraph health probe failed', { subgraph: name, status: res.status });
      return res.ok;
    } catch (error) {
      log.warn('subgraph health probe failed', { subgraph: name, error: error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error) });
      return false;
    }
  };
  return () => {
    if (!cached || Date.now() - cached.at > READY_CACHE_MS) {
      const entries = Object.entries(subgraphUrls);
      cached = {
        at: Date.now(),
        result: Promise.all(entries.map(([name, url]) => probe(name, url))).then((oks) => Object.fromEntries(entries.map(([name], i) => [name, oks[i]]))),
      };
    }
    return cached.result;
  };
}

/** A subgraph's /health sits next to its /graphql. */
export function healthUrlFor(graphqlUrl: string): string {
  return internalRouteUrl(graphqlUrl, '/health');
}
