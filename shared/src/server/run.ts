import { loadConfig, z } from '../config/env';
import { createSubgraphDataSource } from '../db/data-source';
import { createErrorReporter } from '../errors/report';
import { startOutboxRelay } from '../outbox/relay';
import { createLogger, type LogLevel } from './log';
import type { SubgraphModule } from './module';
import { buildSubgraph, startSubgraphServer, type RunningServer } from './subgraph';

/** Environment of one subgraph process; variables are prefixed with its name (CRM_PORT...). */
export function subgraphConfig(mod: Pick<SubgraphModule, 'name' | 'defaultPort'>, env: NodeJS.ProcessEnv = process.env) {
  const prefix = mod.name.toUpperCase();
  const schema = z.object({
    port: z.coerce.number().int().min(0).max(65535).default(mod.defaultPort),
    host: z.string().default('127.0.0.1'),
    databaseUrl: z.string({ message: `set ${prefix}_APP_DATABASE_URL or APP_DATABASE_URL (the app role's URL)` }).url(),
    poolSize: z.coerce.number().int().min(1).max(100).default(10),
    internalTokenSecret: z.string({ message: 'set INTERNAL_TOKEN_SECRET' }).min(32, 'INTERNAL_TOKEN_SECRET must be at least 32 characters'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    // Where every subgraph's outbox relay delivers audit events (identity's internal route).
    identityInternalUrl: z.string().url().default(`http://127.0.0.1:${env.IDENTITY_PORT ?? 4001}`),
    outboxPollIntervalMs: z.coerce.number().int().min(50).max(60_000).default(1000),
  });
  return loadConfig(
    schema,
    {
      port: env[`${prefix}_PORT`],
      host: env[`${prefix}_HOST`] ?? env.HOST,
      databaseUrl: env[`${prefix}_APP_DATABASE_URL`] ?? env.APP_DATABASE_URL,
      poolSize: env[`${prefix}_DB_POOL_SIZE`] ?? env.DB_POOL_SIZE,
      internalTokenSecret: env.INTERNAL_TOKEN_SECRET,
      logLevel: env.LOG_LEVEL,
      identityInternalUrl: env.IDENTITY_INTERNAL_URL,
      outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    } as never,
    `${mod.name} subgraph`,
  );
}

/**
 * Starts one subgraph as its own process: config, DataSource, schema, HTTP server. A failure
 * to start ends the process with the reason (bad configuration, database unreachable...).
 */
export function runSubgraph(mod: SubgraphModule): Promise<RunningServer | void> {
  return startSubgraphProcess(mod).catch((error: unknown) => {
    console.error(`${mod.name} subgraph failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

async function startSubgraphProcess(mod: SubgraphModule): Promise<RunningServer> {
  const config = subgraphConfig(mod);
  const log = createLogger(mod.name, config.logLevel as LogLevel);
  const dataSource = createSubgraphDataSource({
    url: config.databaseUrl,
    schema: mod.name,
    entities: mod.entities,
    poolSize: config.poolSize,
  });
  await dataSource.initialize();
  const schema = await buildSubgraph(mod.definition);
  const server = await startSubgraphServer({
    name: mod.name,
    schema,
    dataSource,
    internalTokenSecret: config.internalTokenSecret,
    port: config.port,
    host: config.host,
    log,
    routes: (app) => mod.routes?.(app, { dataSource, internalTokenSecret: config.internalTokenSecret, log }),
    reportError: createErrorReporter({ domain: mod.name, identityUrl: config.identityInternalUrl, internalTokenSecret: config.internalTokenSecret, log }),
  });
  // Delivers this subgraph's audit events to identity (identity's own included, over HTTP too:
  // one code path for every domain).
  const relay = startOutboxRelay({
    dataSource,
    domain: mod.name,
    identityUrl: config.identityInternalUrl,
    internalTokenSecret: config.internalTokenSecret,
    intervalMs: config.outboxPollIntervalMs,
    log,
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    // After the server: the last requests' events are committed; undelivered ones wait in the
    // outbox for the next start (or another replica).
    await relay.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  // `on`, not `once`: Apollo Server stops itself on these signals and then raises the signal
  // again; with no listener left that second signal would kill the process before the relay and
  // the pool are closed. Our listener swallows it and exits when everything is down.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return server;
}
