import { generateKeyPairSync } from 'node:crypto';
import { TEST_INTERNAL_SECRET, startTestSubgraph, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { mintInternalToken, type Principal } from '@leadgraph/shared';
import { gatewayConfig, startGateway, type GatewayConfig, type RunningGateway } from '@leadgraph/gateway';
import { createPrincipalResolver, principalUrlFor } from '@leadgraph/gateway/dist/principal';
import { SUBGRAPHS } from '@leadgraph/scripts/dist/subgraphs';

const ISSUER = 'leadgraph-bench';
const AUDIENCE = 'leadgraph-api';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// Identity signs access tokens with this key; one per process, shared by every stack.
const privateKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
Object.assign(process.env, { ACCESS_TOKEN_PRIVATE_KEY: privateKeyPem, ACCESS_TOKEN_KID: 'bench-key', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });

/** What the gateway runs with in every comparison: production defaults, limits out of the way. */
export const GATEWAY_ENV: NodeJS.ProcessEnv = {
  LOG_LEVEL: 'error',
  // Two cores cannot reach this; the plan tiers of the bench database are raised as high.
  RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
  // METERING_ENABLED, PRINCIPAL_CACHE_TTL_MS (5 s), APQ, limits, metrics: their defaults.
};

export interface Stack {
  name: string;
  db: TestDatabase;
  gateway: RunningGateway;
  config: Readonly<GatewayConfig>;
  subgraphs: Record<string, TestSubgraph>;
  /** An access token from the real `login` mutation (re-issued before it can expire). */
  token(email: string): Promise<string>;
  /** The principal the gateway forwards for this user, as identity answers it. */
  principal(userId: string, tenantId: string): Promise<Principal>;
  /** An internal token for `audience`, as the gateway would mint it for that principal. */
  internalToken(principal: Principal, audience: string): string;
  stop(): Promise<void>;
}

/** Every subgraph in-process on its own port as the app role, and the real gateway in front. */
export async function startStack(name: string, db: TestDatabase): Promise<Stack> {
  const subgraphs: Record<string, TestSubgraph> = {};
  let gateway: RunningGateway | undefined;
  const stopAll = async () => {
    await gateway?.stop();
    for (const s of Object.values(subgraphs)) await s.stop();
  };
  try {
    const identityUrl = () => subgraphs.identity?.url.replace(/\/graphql$/, '');
    // Pool size as in production (DB_POOL_SIZE default), not the tests' 4.
    for (const mod of SUBGRAPHS) subgraphs[mod.name] = await startTestSubgraph(db, mod, { identityUrl, poolSize: 10 });
    const config = gatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET,
      JWKS_URL: `${identityUrl()}/.well-known/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      ...Object.fromEntries(Object.entries(subgraphs).map(([n, s]) => [`${n.toUpperCase()}_URL`, s.url])),
      ...GATEWAY_ENV,
    });
    gateway = await startGateway(config, { log: quiet });
    const gw = gateway;

    const tokens = new Map<string, { token: string; at: number }>();
    const resolvePrincipal = createPrincipalResolver({
      url: principalUrlFor(subgraphs.identity.url),
      internalTokenSecret: TEST_INTERNAL_SECRET,
      ttlMs: 0,
      log: quiet,
    });
    return {
      name,
      db,
      gateway: gw,
      config,
      subgraphs,
      async token(email) {
        const cached = tokens.get(email);
        // Access tokens live 15 minutes; a long run logs in again.
        if (cached && Date.now() - cached.at < 10 * 60_000) return cached.token;
        const res = await fetch(gw.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
            variables: { input: { email, password: 'leadgraph-demo' } },
          }),
        });
        const body = (await res.json()) as { data?: { login?: { accessToken: string } }; errors?: unknown };
        if (!body.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(body.errors)}`);
        tokens.set(email, { token: body.data.login.accessToken, at: Date.now() });
        return body.data.login.accessToken;
      },
      principal: (userId, tenantId) => resolvePrincipal({ userId, tenantId }, 'bench'),
      internalToken: (principal, audience) => mintInternalToken(principal, { secret: TEST_INTERNAL_SECRET, audience, ttlSeconds: 3600 }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

/**
 * Which of the gateway's edge features are active in this build (several are being written
 * while this bench is): each factory is asked for its plugin, then stopped.
 */
export async function gatewayFeatures(config: Readonly<GatewayConfig>): Promise<string> {
  const found: string[] = [];
  const ask = async (label: string, load: () => any) => {
    try {
      const made = await load();
      const active = Boolean(made?.plugin) || (made?.plugins?.length ?? 0) > 0 || (made?.validationRules?.length ?? 0) > 0 || Boolean(made?.persistedQueries);
      found.push(`${label} ${active ? 'on' : 'off/stub'}`);
      await made?.stop?.();
    } catch (error) {
      found.push(`${label} ? (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  /* eslint-disable @typescript-eslint/no-require-imports */
  await ask('limits', () => require('@leadgraph/gateway/dist/limits').requestLimits(config));
  await ask('persisted', () => require('@leadgraph/gateway/dist/persisted').persistedOperations(config, quiet));
  await ask('rate-limit', () => require('@leadgraph/gateway/dist/rate-limit').createRateLimiting(config, { log: quiet, billingUrl: config.subgraphUrls.billing }));
  await ask('metering', () => require('@leadgraph/gateway/dist/metering').createMetering(config, { log: quiet, billingUrl: config.subgraphUrls.billing }));
  await ask('operations', () => require('@leadgraph/gateway/dist/operations').createOperations(config, { log: quiet, subgraphUrls: config.subgraphUrls }));
  return found.join(', ');
}
