import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../shared/src/testing/kit';
import { bootstrapDatabase, migrate, startEmbeddedPostgres, withDatabase, OWNER_ROLE } from '../scripts/src/db';
import { registerPermissions } from '../scripts/src/permissions';
import { SUBGRAPHS } from '../scripts/src/subgraphs';

const TEMPLATE = 'leadgraph_template';
const CREDS = { ownerPassword: 'test-owner', appPassword: 'test-app' };

/**
 * Starts one PostgreSQL for the whole run (embedded, or the server at DATABASE_URL, which must
 * allow creating roles and databases), and migrates every subgraph into a template database.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'leadgraph-test-pg-'));
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to enter this dir.
    chmodSync(dataDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port: await freePort(), persistent: false });
    (globalThis as Record<string, unknown>).__LEADGRAPH_PG__ = pg;
    adminUrl = pg.adminUrl;
  }
  const admin = new URL(adminUrl);
  admin.pathname = '/postgres';
  const { Client } = await import('pg');
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await client.end();

  await bootstrapDatabase(admin.toString(), TEMPLATE, CREDS, SUBGRAPHS.map((s) => s.name));
  const ownerUrl = withDatabase(admin.toString(), TEMPLATE, { name: OWNER_ROLE, password: CREDS.ownerPassword });
  await migrate(ownerUrl, SUBGRAPHS);
  await registerPermissions(ownerUrl, SUBGRAPHS);

  // process.env reaches the workers; globalThis does not.
  process.env.LEADGRAPH_TEST_ADMIN_URL = admin.toString();
  process.env.LEADGRAPH_TEST_TEMPLATE = TEMPLATE;
  process.env.LEADGRAPH_TEST_OWNER_PASSWORD = CREDS.ownerPassword;
  process.env.LEADGRAPH_TEST_APP_PASSWORD = CREDS.appPassword;
}
