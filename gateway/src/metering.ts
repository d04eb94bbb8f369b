import type { ApolloServerPlugin } from '@apollo/server';
import { API_USAGE_ROUTE, newId, postToInternalRoute, type Logger, type Principal } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';

/** The public path every metered request came in on. */
const ENDPOINT = '/graphql';
const POST_TIMEOUT_MS = 10_000;
/** Batches the buffer may hold while billing is away, before the oldest records are dropped. */
const BUFFERED_BATCHES = 20;
const WARN_EVERY_MS = 30_000;

/** One request on the wire to billing (billing validates the same shape). */
export interface UsageRecord {
  id: string;
  tenantId: string;
  userId: string | null;
  apiKeyId: string | null;
  principalKind: 'user' | 'api_key' | 'support' | 'service';
  endpoint: string;
  method: string;
  statusCode: number;
  responseTimeMs: number;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  requestId: string;
  occurredAt: string;
}

/** The acting person: an API key's owner, or for support access the support user. */
const actingUser = (p: Principal) => (p.kind === 'support' ? (p.actorId ?? null) : p.userId);

/**
 * Every request through the gateway recorded per tenant, principal and operation into billing's
 * api_usage. Records are buffered in memory and POSTed to billing every METERING_FLUSH_MS, or as
 * soon as METERING_MAX_BATCH are waiting; the request never waits for it. While billing cannot
 * take them the buffer keeps at most BUFFERED_BATCHES batches and then drops the oldest (with a
 * warning): usage is worth less than the gateway's memory. A batch billing refuses as invalid is
 * dropped, not retried. `stop()` delivers what is left, once.
 *
 * Requests without a tenant (sign-in flows, anonymous callers) have nowhere to be stored: they
 * are only counted in the log. Requests refused before Apollo runs (a bad token: 401) are not
 * metered here.
 */
export function createMetering(
  config: Readonly<GatewayConfig>,
  deps: { log: Logger; billingUrl: string | undefined },
): { plugin: ApolloServerPlugin<GatewayContext> | null; stop(): Promise<void> } {
  if (!config.METERING_ENABLED) return { plugin: null, stop: async () => {} };
  const { log } = deps;
  if (!deps.billingUrl) {
    log.warn('no billing URL: API usage is not metered');
    return { plugin: null, stop: async () => {} };
  }
  const billingUrl = deps.billingUrl;
  const maxBatch = config.METERING_MAX_BATCH;
  const capacity = maxBatch * BUFFERED_BATCHES;
  let buffer: UsageRecord[] = [];
  let flushing: Promise<void> | undefined;
  let withoutTenant = 0;
  let dropped = 0;
  let lastDropWarning = 0;

  function keepAtMost(limit: number) {
    if (buffer.length <= limit) return;
    dropped += buffer.length - limit;
    buffer = buffer.slice(buffer.length - limit);
    if (Date.now() - lastDropWarning >= WARN_EVERY_MS) {
      lastDropWarning = Date.now();
      log.warn('api usage buffer full: billing is not taking usage, oldest records dropped', { dropped, buffered: buffer.length });
    }
  }

  /** Sends one batch; true when billing has it (or it is hopeless to retry). */
  async function send(records: UsageRecord[]): Promise<boolean> {
    try {
      const res = await postToInternalRoute(billingUrl, API_USAGE_ROUTE, { domain: 'gateway', records }, { secret: config.INTERNAL_TOKEN_SECRET, timeoutMs: POST_TIMEOUT_MS });
      if (res.ok) return true;
      // 4xx: the same batch would be refused again (a bug or a wrong secret): drop it, loudly.
      if (res.status >= 400 && res.status < 500) {
        log.error('billing refused an api usage batch; dropped', { status: res.status, records: records.length });
        return true;
      }
      log.warn('billing could not store api usage; will retry', { status: res.status, records: records.length });
    } catch (error) {
      log.warn('billing unreachable for api usage; will retry', { error: String(error), records: records.length });
    }
    return false;
  }

  /** Delivers everything buffered, a batch at a time, one flush at a time; stops at the first failure. */
  function flush(): Promise<void> {
    flushing ??= (async () => {
      if (withoutTenant > 0) {
        log.info('requests without a tenant (not stored in api_usage)', { count: withoutTenant });
        withoutTenant = 0;
      }
      while (buffer.length > 0) {
        const batch = buffer.splice(0, maxBatch);
        if (await send(batch)) continue;
        // Back to the front, in order, for the next flush; the oldest go first if it is full.
        buffer = [...batch, ...buffer];
        keepAtMost(capacity);
        break;
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), config.METERING_FLUSH_MS);
  timer.unref();

  function record(entry: UsageRecord) {
    buffer.push(entry);
    keepAtMost(capacity);
    if (buffer.length >= maxBatch && !flushing) void flush();
  }

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue, request }) {
      const startedAt = new Date();
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const { principal } = contextValue;
          if (!principal.tenantId || principal.kind === 'anonymous') {
            withoutTenant++;
            return;
          }
          record({
            id: newId(),
            tenantId: principal.tenantId,
            userId: actingUser(principal),
            apiKeyId: principal.apiKeyId ?? null,
            principalKind: principal.kind,
            endpoint: ENDPOINT,
            method: (request.http?.method ?? 'POST').slice(0, 10),
            statusCode: response.http.status ?? 200,
            responseTimeMs: Math.round(performance.now() - started),
            operationName: operationName?.slice(0, 200) ?? null,
            operationType: operation?.operation ?? null,
            requestId: contextValue.requestId,
            occurredAt: startedAt.toISOString(),
          });
        },
      };
    },
  };

  return {
    plugin,
    async stop() {
      clearInterval(timer);
      await flushing;
      await flush();
      if (buffer.length > 0) log.error('api usage lost at shutdown: billing did not take it', { records: buffer.length });
    },
  };
}
