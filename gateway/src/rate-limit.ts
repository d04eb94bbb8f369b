import type { ApolloServerPlugin } from '@apollo/server';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode, PLAN_LIMITS_ROUTE, postToInternalRoute, type Logger, type Principal } from '@leadgraph/shared';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';


const WINDOW_SECONDS = 60;
/**
 * The limiter only counts; the plan's limit is compared here. One counter per caller then
 * serves every plan, so a plan change applies to the running minute (a limiter per limit value
 * would start a new count), and the counters in Redis mean the same on every replica.
 */
const COUNT_CEILING = 2_147_483_647;
const KEY_PREFIX = 'leadgraph:rl';
const PLAN_LOOKUP_TIMEOUT_MS = 2_000;
/** After billing failed to answer, the default limit is reused this long (at most the TTL). */
const PLAN_FAILURE_TTL_MS = 5_000;
/** How long startup waits for Redis before counting in process (the insurance limiter). */
const REDIS_READY_TIMEOUT_MS = 2_000;

/** Whom a request counts against, and whose plan sets the limit (null: the default limit). */
export interface RateLimitSubject {
  key: string;
  tenantId: string | null;
}

/**
 * API keys by key, people by user (support staff by their own user id, under the plan of the
 * tenant they read), everyone else by address. Service principals never come from clients.
 */
export function rateLimitSubject(principal: Principal, clientIp: string | undefined): RateLimitSubject | null {
  switch (principal.kind) {
    case 'api_key':
      return { key: principal.apiKeyId ? `apikey:${principal.apiKeyId}` : `user:${principal.userId}`, tenantId: principal.tenantId };
    case 'user':
      return principal.userId ? { key: `user:${principal.userId}`, tenantId: principal.tenantId } : null;
    case 'support':
      return principal.actorId ? { key: `user:${principal.actorId}`, tenantId: principal.tenantId } : null;
    case 'anonymous':
      return { key: `ip:${clientIp ?? 'unknown'}`, tenantId: null };
    default:
      return null;
  }
}

/**
 * A tenant's requests per minute from its plan, cached per tenant for `ttlMs` (concurrent misses
 * share one call). Never throws: without an answer from billing the default applies, and the
 * failure is logged and remembered briefly so that an outage does not add a timeout to every request.
 */
export function createPlanLimitLookup(opts: {
  /** Billing's GraphQL (or base) URL; the plan-limits route is next to it. */
  billingUrl: string | undefined;
  internalTokenSecret: string;
  ttlMs: number;
  defaultLimit: number;
  log: Logger;
  maxEntries?: number;
}): (tenantId: string) => Promise<number> {
  const maxEntries = opts.maxEntries ?? 10_000;
  const cache = new Map<string, { limit: Promise<number>; expiresAt?: number }>();

  async function ask(tenantId: string): Promise<{ limit: number; ok: boolean }> {
    if (!opts.billingUrl) return { limit: opts.defaultLimit, ok: true };
    try {
      const res = await postToInternalRoute(opts.billingUrl, PLAN_LIMITS_ROUTE, { domain: 'gateway', tenantIds: [tenantId] }, {
        secret: opts.internalTokenSecret,
        timeoutMs: PLAN_LOOKUP_TIMEOUT_MS,
      });
      if (!res.ok) throw new Error(`billing answered ${res.status}`);
      const body = (await res.json()) as { limits?: Record<string, { apiRequestsPerMinute?: unknown }> };
      const rpm = body.limits?.[tenantId]?.apiRequestsPerMinute;
      // A plan without a number (or no plan) gets the default, never "unlimited".
      return { limit: typeof rpm === 'number' && Number.isInteger(rpm) && rpm > 0 ? rpm : opts.defaultLimit, ok: true };
    } catch (error) {
      opts.log.warn('plan limit unavailable from billing; using the default rate limit', { tenantId, error: String(error) });
      return { limit: opts.defaultLimit, ok: false };
    }
  }

  return (tenantId) => {
    if (opts.ttlMs <= 0) return ask(tenantId).then((a) => a.limit);
    const hit = cache.get(tenantId);
    if (hit && (hit.expiresAt === undefined || hit.expiresAt > Date.now())) return hit.limit;
    cache.delete(tenantId);
    const answer = ask(tenantId);
    const entry: { limit: Promise<number>; expiresAt?: number } = { limit: answer.then((a) => a.limit) };
    cache.set(tenantId, entry);
    // Maps iterate in insertion order: drop the oldest entries first.
    for (const oldest of cache.keys()) {
      if (cache.size <= maxEntries) break;
      cache.delete(oldest);
    }
    void answer.then((a) => {
      entry.expiresAt = Date.now() + (a.ok ? opts.ttlMs : Math.min(opts.ttlMs, PLAN_FAILURE_TTL_MS));
    });
    return entry.limit;
  };
}

/**
 * The counters: in process by default; in Redis when REDIS_URL is set, so that every replica
 * counts the same requests. If Redis is down or slow, an in-process insurance limiter counts
 * instead (each replica then allows the limit on its own) rather than failing or freeing requests.
 */
function createCounter(
  config: Readonly<GatewayConfig>,
  log: Logger,
): { limiter: RateLimiterAbstract; ready(): Promise<void>; close(): Promise<void> } {
  const opts = { points: COUNT_CEILING, duration: WINDOW_SECONDS, keyPrefix: KEY_PREFIX };
  if (!config.REDIS_URL) return { limiter: new RateLimiterMemory(opts), ready: async () => {}, close: async () => {} };
  const client = new Redis(config.REDIS_URL, {
    // Fail fast to the insurance limiter instead of queueing requests behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 500,
  });
  let lastErrorLog = 0;
  client.on('error', (error: Error) => {
    if (Date.now() - lastErrorLog < 30_000) return;
    lastErrorLog = Date.now();
    log.warn('redis unavailable for rate limits; counting in process until it is back', { error: error.message });
  });
  const limiter = new RateLimiterRedis({
    ...opts,
    storeClient: client,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(opts),
  });
  return {
    limiter,
    // Until the connection is up every request would count in process: wait for it at startup.
    ready: () =>
      new Promise<void>((resolve) => {
        if (client.status === 'ready') return resolve();
        const timeout = setTimeout(() => {
          log.warn('redis not ready at startup; rate limits count in process until it is', { timeoutMs: REDIS_READY_TIMEOUT_MS });
          resolve();
        }, REDIS_READY_TIMEOUT_MS);
        client.once('ready', () => {
          clearTimeout(timeout);
          resolve();
        });
      }),
    async close() {
      client.disconnect();
    },
  };
}

const headerSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

/**
 * Rate limits per API key and per user, from the tenant's plan
 * (`subscription_tiers.api_requests_per_minute`, asked of billing and cached per tenant for
 * PLAN_LIMITS_CACHE_TTL_MS); anonymous callers per address with RATE_LIMIT_DEFAULT_PER_MINUTE.
 *
 * Every request is counted when it starts; every answer carries RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset (seconds), and one over the limit is refused once its
 * operation is known, before the query plan runs (no subgraph is called): HTTP 429,
 * `RATE_LIMITED` with `extensions.retryAfter`, and Retry-After. A counter that cannot count lets
 * the request through (logged): the limits protect capacity, they are not an access control.
 */
export function createRateLimiting(
  config: Readonly<GatewayConfig>,
  deps: { log: Logger; billingUrl: string | undefined },
): { plugin: ApolloServerPlugin<GatewayContext> | null; stop(): Promise<void> } {
  if (!config.RATE_LIMIT_ENABLED) return { plugin: null, stop: async () => {} };
  const { log } = deps;
  if (!deps.billingUrl) log.warn('no billing URL: every tenant gets the default rate limit', { perMinute: config.RATE_LIMIT_DEFAULT_PER_MINUTE });
  const limitOf = createPlanLimitLookup({
    billingUrl: deps.billingUrl,
    internalTokenSecret: config.INTERNAL_TOKEN_SECRET,
    ttlMs: config.PLAN_LIMITS_CACHE_TTL_MS,
    defaultLimit: config.RATE_LIMIT_DEFAULT_PER_MINUTE,
    log,
  });
  const counter = createCounter(config, log);

  async function count(key: string): Promise<RateLimiterRes | null> {
    try {
      return await counter.limiter.consume(key, 1);
    } catch (error) {
      // Only a store failure gets here (the ceiling is never reached): let the request through.
      log.error('rate limit counter failed; request not limited', { error: String(error) });
      return null;
    }
  }

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      await counter.ready();
    },
    async requestDidStart({ contextValue, response }) {
      const subject = rateLimitSubject(contextValue.principal, contextValue.clientIp);
      if (!subject) return;
      const [limit, counted] = await Promise.all([
        subject.tenantId ? limitOf(subject.tenantId) : Promise.resolve(config.RATE_LIMIT_DEFAULT_PER_MINUTE),
        count(subject.key),
      ]);
      if (!counted) return;
      const reset = headerSeconds(counted.msBeforeNext);
      response.http.headers.set('ratelimit-limit', String(limit));
      response.http.headers.set('ratelimit-remaining', String(Math.max(0, limit - counted.consumedPoints)));
      response.http.headers.set('ratelimit-reset', reset);
      if (counted.consumedPoints <= limit) return;
      response.http.headers.set('retry-after', reset);
      const retryAfter = Number(reset);
      return {
        // The first hook that may refuse with a GraphQL error and still send the response
        // through every plugin (metering records the 429); the query plan has not run yet.
        async didResolveOperation() {
          throw new AppError(ErrorCode.RATE_LIMITED, `Rate limit of ${limit} requests per minute exceeded; retry in ${retryAfter} s`, { retryAfter }, 429);
        },
      };
    },
  };

  return { plugin, stop: () => counter.close() };
}
