import type { DataSource } from 'typeorm';
import { mintInternalToken } from '../auth/internal-token';
import type { Principal } from '../auth/principal';
import { StatementCounter, createSubgraphDataSource } from '../db/data-source';
import { createErrorReporter } from '../errors/report';
import type { SubgraphModule } from '../server/module';
import { createLogger } from '../server/log';
import { buildSubgraph, startSubgraphServer, type RunningServer } from '../server/subgraph';
import type { TestDatabase } from './database';

export const TEST_INTERNAL_SECRET = 'test-internal-token-secret-0123456789abcdef';
const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
// LEADGRAPH_TEST_LOG=1 shows the subgraphs' warnings and errors (masked in responses) while debugging a test.
const QUIET = process.env.LEADGRAPH_TEST_LOG ? createLogger('test-subgraph', 'warn') : SILENT;

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSubgraph extends RunningServer {
  /** The subgraph's name, also its schema (and its audit events' domain). */
  name: string;
  dataSource: DataSource;
  /** Statements this subgraph sent to PostgreSQL (reset it before the part you measure). */
  counter: StatementCounter;
  /** POSTs a GraphQL request over HTTP with an internal token for `principal` (none if null). */
  request<T = Record<string, any>>(
    query: string,
    opts?: { variables?: Record<string, unknown>; principal?: Principal | null; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T>>;
}

/**
 * Starts one subgraph in-process on a free port, as the app role, against the test database.
 * With `identityUrl` (a function: identity may start later) masked errors are reported there.
 */
export async function startTestSubgraph(
  db: TestDatabase,
  mod: SubgraphModule,
  opts: { poolSize?: number; identityUrl?: () => string | undefined } = {},
): Promise<TestSubgraph> {
  const counter = new StatementCounter();
  const dataSource = createSubgraphDataSource({
    url: db.appUrl,
    schema: mod.name,
    entities: mod.entities,
    poolSize: opts.poolSize ?? 4,
    logger: counter,
  });
  await dataSource.initialize();
  const server = await startSubgraphServer({
    name: mod.name,
    schema: await buildSubgraph(mod.definition),
    dataSource,
    internalTokenSecret: TEST_INTERNAL_SECRET,
    port: 0,
    log: QUIET,
    routes: (app) => mod.routes?.(app, { dataSource, internalTokenSecret: TEST_INTERNAL_SECRET, log: QUIET }),
    reportError: opts.identityUrl && createErrorReporter({ domain: mod.name, identityUrl: opts.identityUrl, internalTokenSecret: TEST_INTERNAL_SECRET, log: QUIET }),
  });
  // No background outbox relay here: tests deliver audit events when they choose, with
  // `flushAuditTrail`, so that statement counts and timing stay deterministic.
  return {
    ...server,
    name: mod.name,
    dataSource,
    counter,
    async request(query, { variables, principal, headers } = {}) {
      const token = principal ? mintInternalToken(principal, { secret: TEST_INTERNAL_SECRET, audience: mod.name }) : undefined;
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-internal-token': token } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async stop() {
      if (!dataSource.isInitialized) return; // already stopped (a test took it down)
      await server.stop();
      await dataSource.destroy();
    },
  };
}

/** `_entities` query for references, as the gateway sends it. */
export const ENTITIES_QUERY = (selection: string) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;
