import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { gatewayConfig, startGateway, type RunningGateway } from '@leadgraph/gateway';
import { TEST_INTERNAL_SECRET, startTestSubgraph, type GraphQLResult, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { SUBGRAPHS } from '../scripts/src/subgraphs';

export const ISSUER = 'leadgraph-test';
export const AUDIENCE = 'leadgraph-api';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestSupergraph {
  gateway: RunningGateway;
  subgraphs: Record<string, TestSubgraph>;
  privateKeyPem: string;
  request<T = Record<string, any>>(
    query: string,
    opts?: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T> & { headers: Headers }>;
  login(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole supergraph in one process: every subgraph on its own HTTP port as the app role,
 * and the real gateway with the committed supergraph, verifying real ES256 tokens.
 */
export async function startSupergraph(db: TestDatabase, opts: { principalCacheTtlMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<TestSupergraph> {
  const privateKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  Object.assign(process.env, {
    ACCESS_TOKEN_PRIVATE_KEY: privateKeyPem,
    ACCESS_TOKEN_KID: 'test-key',
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
  });
  const subgraphs: Record<string, TestSubgraph> = {};
  // Masked errors are reported to identity's error_logs, as in `npm start`.
  const identityUrl = () => subgraphs.identity?.url.replace(/\/graphql$/, '');
  for (const mod of SUBGRAPHS) subgraphs[mod.name] = await startTestSubgraph(db, mod, { identityUrl });
  const identityBase = identityUrl()!;
  const gateway = await startGateway(
    gatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET,
      JWKS_URL: `${identityBase}/.well-known/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      SUPERGRAPH_PATH: path.resolve(__dirname, '..', 'gateway', 'supergraph.graphql'),
      LOG_LEVEL: 'error',
      // 0 by default: tests see a revoked key or a deactivated user at once.
      PRINCIPAL_CACHE_TTL_MS: String(opts.principalCacheTtlMs ?? 0),
      ...Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s.url])),
      // A test of one gateway feature sets its variables here (MAX_DEPTH, RATE_LIMIT_..., ...).
      ...opts.env,
    }),
    { log: quiet },
  );

  const request: TestSupergraph['request'] = async (query, { token, variables, headers } = {}) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
  };

  return {
    gateway,
    subgraphs,
    privateKeyPem,
    request,
    async login(email, password = 'leadgraph-demo') {
      const res = await request(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
        variables: { input: { email, password } },
      });
      if (!res.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(res.errors)}`);
      return res.data.login.accessToken as string;
    },
    async stop() {
      await gateway.stop();
      for (const s of Object.values(subgraphs)) await s.stop();
    },
  };
}
