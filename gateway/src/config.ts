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
  // Per-subgraph URL overrides; unset ones use the URL in the committed supergraph.
  ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, z.string().url().optional()])),
});

export type GatewayConfig = z.infer<typeof schema> & { subgraphUrls: Partial<Record<string, string>> };

export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const parsed = loadConfig(schema, env, 'gateway') as z.infer<typeof schema>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, (parsed as Record<string, unknown>)[`${n.toUpperCase()}_URL`] as string | undefined]).filter(([, u]) => u),
  );
  return Object.freeze({ ...parsed, subgraphUrls });
}
