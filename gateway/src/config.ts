import path from 'node:path';
import { loadConfig, z } from '@leadgraph/shared';

export const SUBGRAPH_NAMES = ['identity', 'assessments', 'crm', 'podcasts', 'conversations', 'billing'] as const;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  INTERNAL_TOKEN_SECRET: z.string({ message: 'set INTERNAL_TOKEN_SECRET' }).min(32, 'must be at least 32 characters'),
  JWKS_URL: z.string().url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().min(1).default('leadgraph'),
  JWT_AUDIENCE: z.string().min(1).default('leadgraph-api'),
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '..', 'supergraph.graphql')),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // How long the answer about a credential (API key, user behind a JWT) is reused: a revoked key,
  // a deactivated user or a suspended tenant is refused at most this long after the change.
  PRINCIPAL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),

  // --- Request limits (gateway/src/limits.ts): each rejection is answered before any subgraph call.
  MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(10_000_000).default(102_400),
  MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(50),
  MAX_TOKENS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  // Query cost: every field 1, a list field multiplied by its page size (`first`/`last`, else 100).
  MAX_COST: z.coerce.number().int().min(1).max(1_000_000_000_000).default(20_000),
  // --- Persisted operations (gateway/src/persisted.ts).
  APQ_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // A folder of Apollo persisted-query manifests (<name>.json); an API key may be restricted to one.
  TRUSTED_DOCUMENTS_DIR: z.string().default(path.resolve(__dirname, '..', 'trusted-documents')),
  // --- Rate limits (gateway/src/rate-limit.ts): per API key and per user, from the tenant's plan.
  RATE_LIMIT_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // For a tenant whose plan sets no api_requests_per_minute (or when billing cannot say).
  RATE_LIMIT_DEFAULT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // How long a tenant's plan limit is reused before billing is asked again.
  PLAN_LIMITS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  // Shared counters for several gateway replicas; unset = in-process counters.
  REDIS_URL: z.string().url().optional(),
  // --- Metering (gateway/src/metering.ts): usage rows sent to billing in batches.
  METERING_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  METERING_FLUSH_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  METERING_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  // --- Subgraph calls (gateway/src/subgraph-fetch.ts): a slow subgraph yields partial data.
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(10).max(300_000).default(10_000),
  // --- Operations (gateway/src/operations.ts).
  // In-flight requests get this long to finish on SIGTERM before connections are closed.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  METRICS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),

  // Per-subgraph URL overrides; unset ones use the URL in the committed supergraph.
  ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, z.string().url().optional()])),
  // Per-subgraph timeout overrides (e.g. BILLING_TIMEOUT_MS); unset ones use SUBGRAPH_TIMEOUT_MS.
  ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_TIMEOUT_MS`, z.coerce.number().int().min(10).max(300_000).optional()])),
});

export type GatewayConfig = z.infer<typeof schema> & {
  subgraphUrls: Partial<Record<string, string>>;
  subgraphTimeoutsMs: Partial<Record<string, number>>;
};

export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const parsed = loadConfig(schema, env, 'gateway') as z.infer<typeof schema>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, (parsed as Record<string, unknown>)[`${n.toUpperCase()}_URL`] as string | undefined]).filter(([, u]) => u),
  );
  const subgraphTimeoutsMs = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, (parsed as Record<string, unknown>)[`${n.toUpperCase()}_TIMEOUT_MS`] as number | undefined]).filter(([, t]) => t !== undefined),
  );
  return Object.freeze({ ...parsed, subgraphUrls, subgraphTimeoutsMs });
}
