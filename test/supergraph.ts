import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { gatewayConfig, startGateway, type RunningGateway } from '@leadgraph/gateway';
import { TEST_INTERNAL_SECRET, startTestSubgraph, type GraphQLResult, type TestDatabase, type TestSubgraph } from '@leadgraph/shared/testing';
import { SUBGRAPHS } from '../scripts/src/subgraphs';

export const ISSUER = 'leadgraph-test';
export const AUDIENCE = 'leadgraph-api';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface RequestOptions {
  token?: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Sends from this local address (e.g. 127.0.0.2, also loopback on Linux): another client IP. */
  localAddress?: string;
}

export type GatewayRequest = <T = Record<string, any>>(query: string, opts?: RequestOptions) => Promise<GraphQLResult<T> & { headers: Headers }>;

export interface TestSupergraph {
  gateway: RunningGateway;
  subgraphs: Record<string, TestSubgraph>;
  privateKeyPem: string;
  request: GatewayRequest;
  login(email: string, password?: string): Promise<string>;
  /**
   * One more gateway (a replica) in front of the same subgraphs, with the same settings plus
   * `env`; stopped with the supergraph.
   */
  addGateway(env?: NodeJS.ProcessEnv): Promise<{ gateway: RunningGateway; request: GatewayRequest }>;
  stop(): Promise<void>;
}

/** POSTs a GraphQL request; through node:http when a local address is asked for (fetch cannot bind one). */
function requester(url: string): GatewayRequest {
  return async (query, { token, variables, headers, localAddress } = {}) => {
    const allHeaders = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers };
    const body = JSON.stringify({ query, variables });
    if (!localAddress) {
      const res = await fetch(url, { method: 'POST', headers: allHeaders, body });
      return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
    }
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers: allHeaders, localAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, String(value));
          try {
            resolve({ status: res.statusCode!, headers: responseHeaders, ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as object) });
          } catch (error) {
            reject(error);
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
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
  const gatewayEnv = (env: NodeJS.ProcessEnv = {}) =>
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
      // Off unless a test turns them on: rate limits would make unrelated tests depend on how
      // many requests they send per minute, and metering writes to billing in the background.
      RATE_LIMIT_ENABLED: 'false',
      METERING_ENABLED: 'false',
      ...Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s.url])),
      // A test of one gateway feature sets its variables here (MAX_DEPTH, RATE_LIMIT_..., ...).
      ...opts.env,
      ...env,
    });
  const gateway = await startGateway(gatewayEnv(), { log: quiet });
  const replicas: RunningGateway[] = [];

  const request = requester(gateway.url);

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
    async addGateway(env) {
      const replica = await startGateway(gatewayEnv(env), { log: quiet });
      replicas.push(replica);
      return { gateway: replica, request: requester(replica.url) };
    },
    async stop() {
      for (const replica of replicas) await replica.stop();
      await gateway.stop();
      for (const s of Object.values(subgraphs)) await s.stop();
    },
  };
}
