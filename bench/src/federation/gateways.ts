import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The gateways compared, each started alone in its own child process (gateway-main.ts). */
export const VARIANTS = ['apollo-gateway', 'leadgraph', 'hive-gateway', 'hive-gateway-rust'] as const;
export type VariantId = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<VariantId, string> = {
  'apollo-gateway': 'stock @apollo/gateway 2.14 + @apollo/server 5 (baseline)',
  leadgraph: 'leadgraph gateway, all plugins on',
  'hive-gateway': '@graphql-hive/gateway 2.15',
  'hive-gateway-rust': '@graphql-hive/gateway 2.15 + router-runtime (Rust planner)',
};

/** The stock gateway is the reference: if it gets the answer wrong, the subgraphs are wrong. */
export const BASELINE: VariantId = 'apollo-gateway';

/**
 * Request limits for the leadgraph variant: on, but high enough for the benchmark query (depth 8,
 * ~200 tokens, no aliases).
 */
export const LEADGRAPH_LIMITS = { MAX_DEPTH: '20', MAX_TOKENS: '5000', MAX_ALIASES: '30' } as const;

/**
 * The benchmark query costs 916,171,102 under gateway/src/limits.ts's model (four nested lists
 * without `first`, each counted as 100 items), more than the 10,000,000 the MAX_COST variable
 * accepts. The cost check stays on, with its ceiling set on the validated config object.
 */
export const LEADGRAPH_MAX_COST = 1_000_000_000;

/** A well-formed leadgraph API key (identity's `lg_<8 hex>_<43 base64url>`); the stand-in identity accepts any. */
export const BENCH_API_KEY = `lg_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;

export interface StartedGateway {
  url: string;
  /** Headers every benchmark request to this gateway carries. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

export interface GatewayInputs {
  /** supergraph.graphql with the subgraph URLs pointing at the benchmark's subgraphs. */
  supergraphPath: string;
  /** Base URL of the stand-in identity (and billing) service. */
  servicesUrl: string;
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    ),
  );
}

async function startLeadgraph({ supergraphPath, servicesUrl }: GatewayInputs): Promise<StartedGateway> {
  const { gatewayConfig, startGateway } = await import('@leadgraph/gateway');
  const config = gatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    INTERNAL_TOKEN_SECRET: randomBytes(32).toString('hex'),
    JWKS_URL: `${servicesUrl}/.well-known/jwks.json`,
    IDENTITY_URL: `${servicesUrl}/graphql`,
    BILLING_URL: `${servicesUrl}/billing/graphql`,
    SUPERGRAPH_PATH: supergraphPath,
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
    METERING_ENABLED: 'true',
    METRICS_ENABLED: 'true',
    APQ_ENABLED: 'true',
    ...LEADGRAPH_LIMITS,
  });
  const running = await startGateway(Object.freeze({ ...config, MAX_COST: LEADGRAPH_MAX_COST }));
  return { url: running.url, headers: { 'x-api-key': BENCH_API_KEY }, stop: () => running.stop() };
}

async function startApolloGateway({ supergraphPath }: GatewayInputs): Promise<StartedGateway> {
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, headers: {}, stop: () => server.stop() };
}

async function startHiveGateway({ supergraphPath }: GatewayInputs, rustPlanner: boolean): Promise<StartedGateway> {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway');
  const unifiedGraphHandler = rustPlanner ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const runtime = createGatewayRuntime({
    supergraph: readFileSync(supergraphPath, 'utf8'),
    logging: false,
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
  });
  const server = await listen(runtime);
  return {
    url: server.url,
    headers: {},
    async stop() {
      await server.stop();
      await runtime.dispose();
    },
  };
}

export function startVariant(id: VariantId, inputs: GatewayInputs): Promise<StartedGateway> {
  switch (id) {
    case 'leadgraph':
      return startLeadgraph(inputs);
    case 'apollo-gateway':
      return startApolloGateway(inputs);
    case 'hive-gateway':
      return startHiveGateway(inputs, false);
    case 'hive-gateway-rust':
      return startHiveGateway(inputs, true);
  }
}
