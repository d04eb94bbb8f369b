import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { APP_ROLE, OWNER_ROLE } from '../db/roles';

export interface TestDatabase {
  name: string;
  /** Superuser URL of this database: for catalog checks only. */
  adminUrl: string;
  /** Migration role: bypasses RLS; use it to arrange rows. */
  ownerUrl: string;
  /** The app role the subgraphs run as: RLS applies. */
  appUrl: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (its global setup starts PostgreSQL)`);
  return value;
}

const urlFor = (base: string, database: string, user?: string, password?: string) => {
  const u = new URL(base);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = password ?? '';
  }
  return u.toString();
};

/** A fresh database for one test file, copied from the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = env('LEADGRAPH_TEST_ADMIN_URL');
  const template = env('LEADGRAPH_TEST_TEMPLATE');
  const name = `test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(5).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER ${OWNER_ROLE}`);
    // Database-level grants live outside the database, so the copy does not carry them.
    await client.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${name} TO ${APP_ROLE}, ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }
  return {
    name,
    adminUrl: urlFor(admin, name),
    ownerUrl: urlFor(admin, name, OWNER_ROLE, env('LEADGRAPH_TEST_OWNER_PASSWORD')),
    appUrl: urlFor(admin, name, APP_ROLE, env('LEADGRAPH_TEST_APP_PASSWORD')),
    async drop() {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Runs SQL on a URL with a short-lived client (arranging rows, catalog checks). */
export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
