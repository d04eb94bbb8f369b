import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, type TestDatabase } from '@leadgraph/shared/testing';
import { APP_ROLE, OWNER_ROLE, bootstrapDatabase, migrate, seedDemo, startEmbeddedPostgres, withDatabase } from '@leadgraph/scripts/dist/db';
import { demoContext } from '@leadgraph/scripts/dist/demo';
import { registerPermissions } from '@leadgraph/scripts/dist/permissions';
import { SUBGRAPHS } from '@leadgraph/scripts/dist/subgraphs';

export const DEMO = demoContext('leadgraph-demo');
export const ACME = DEMO.tenants[0];
export const GLOBEX = DEMO.tenants[1];
const CREDS = { ownerPassword: 'bench-owner', appPassword: 'bench-app' };
const TEMPLATE = 'leadgraph_bench_template';
/** Salespeople per tenant that leads are assigned to, round-robin (besides the 4 demo users). */
const EXTRA_USERS = 50;
/** Scored responses per tenant: every lead gets its own, so entity batches carry distinct keys. */
const RESPONSES = 1000;
/** Leads of the tenant that (b) and (d) query. */
export const BENCH_LEADS = 1000;

/** The tables the three-subgraph leads query reads (crm, identity, assessments). */
export const QUERY_TABLES = ['crm.leads', 'identity.users', 'assessments.responses'];

async function run(url: string, statements: (c: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await statements(client);
  } finally {
    await client.end();
  }
}

export interface BenchPostgres {
  adminUrl: string;
  /** A database copied from the seeded template (same rows, same physical layout). */
  copy(name: string): Promise<TestDatabase>;
  /** CPU time (ms) the embedded server's processes have used so far; undefined with DATABASE_URL. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/**
 * One PostgreSQL for the whole run, as the tests start it (embedded in a temp dir, or the server
 * at DATABASE_URL), with a template database migrated and seeded once: the demo, plus per tenant
 * 50 more salespeople and 1000 scored responses, and Acme's 1000 leads, each with an assignee
 * and its own source response.
 */
export async function startBenchPostgres(log: (line: string) => void): Promise<BenchPostgres> {
  let adminUrl = process.env.DATABASE_URL;
  let dataDir: string | undefined;
  let embedded: { stop(): Promise<void> } | undefined;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(tmpdir(), 'leadgraph-bench-pg-'));
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to enter this dir.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    log(`embedded PostgreSQL on 127.0.0.1:${port} in ${dataDir}`);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port, persistent: false });
    embedded = pg;
    adminUrl = pg.adminUrl;
  }
  const maintenance = withDatabase(adminUrl, 'postgres');
  const copies: string[] = [];
  const stop = async () => {
    if (!embedded) {
      await run(maintenance, async (c) => {
        for (const name of [...copies, TEMPLATE]) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return;
    }
    await embedded.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await run(maintenance, (c) => c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`).then(() => undefined));
    await bootstrapDatabase(maintenance, TEMPLATE, CREDS, SUBGRAPHS.map((s) => s.name));
    const ownerUrl = withDatabase(adminUrl, TEMPLATE, { name: OWNER_ROLE, password: CREDS.ownerPassword });
    await migrate(ownerUrl, SUBGRAPHS);
    await registerPermissions(ownerUrl, SUBGRAPHS);
    await seedDemo(ownerUrl, SUBGRAPHS, DEMO);
    await seedBenchRows(ownerUrl);
    await run(withDatabase(adminUrl, TEMPLATE), (c) => c.query('VACUUM ANALYZE').then(() => undefined));
    log(`template database seeded: ${BENCH_LEADS} leads for ${ACME.name}, ${EXTRA_USERS} extra users and ${RESPONSES} responses per tenant`);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return {
    adminUrl: maintenance,
    async copy(name) {
      await run(maintenance, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} OWNER ${OWNER_ROLE}`);
        // Database-level grants live outside the database, so the copy does not carry them.
        await c.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
        await c.query(`GRANT CONNECT ON DATABASE ${name} TO ${APP_ROLE}, ${OWNER_ROLE}`);
      });
      copies.push(name);
      const db: TestDatabase = {
        name,
        adminUrl: withDatabase(adminUrl!, name),
        ownerUrl: withDatabase(adminUrl!, name, { name: OWNER_ROLE, password: CREDS.ownerPassword }),
        appUrl: withDatabase(adminUrl!, name, { name: APP_ROLE, password: CREDS.appPassword }),
        drop: () => run(maintenance, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
      };
      return db;
    },
    cpuMs: () => (dataDir ? postgresCpuMs(path.join(dataDir, 'data')) : undefined),
    stop,
  };
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** CPU time of the postmaster and its children (backends, autovacuum, ...), live and exited, from /proc. */
function postgresCpuMs(dataDir: string): number | undefined {
  try {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // Fields after "(comm)": state ppid ... utime is the 14th field overall, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pid) === postmaster) {
        // Its own time plus cutime + cstime: the time of children that have exited (backends of
        // closed connections), so the sum never drops when a backend goes away.
        ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } else if (Number(fields[1]) === postmaster) {
        ticks += Number(fields[11]) + Number(fields[12]);
      }
    }
    return ticks * TICK_MS;
  } catch {
    return undefined;
  }
}

/** The tenant's users that leads are assigned to: the demo's four and the extra salespeople. */
const salespeople = (tenant: typeof ACME) => [
  ...tenant.users.map((u) => u.id),
  ...Array.from({ length: EXTRA_USERS }, (_, i) => DEMO.id(`${tenant.slug}:bench-user:${i}`)),
];
const responseId = (tenant: typeof ACME, i: number) => DEMO.id(`${tenant.slug}:bench-response:${i}`);

async function seedBenchRows(ownerUrl: string): Promise<void> {
  await run(ownerUrl, async (c) => {
    for (const tenant of DEMO.tenants) {
      await c.query(
        `INSERT INTO identity.users (id, tenant_id, email, password_hash, name)
         SELECT id, $1, 'seller' || n || '@' || $2 || '.test', '!bench-no-login', 'Seller ' || n
         FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)`,
        [tenant.id, tenant.slug, salespeople(tenant).slice(tenant.users.length)],
      );
      const assessment = await c.query(`SELECT id FROM assessments.assessments WHERE tenant_id = $1 ORDER BY created_at LIMIT 1`, [tenant.id]);
      await c.query(
        `INSERT INTO assessments.responses (id, tenant_id, assessment_id, session_id, email, name, status, total_score, started_at, completed_at)
         SELECT id, $1, $2, 'bench-' || n, 'respondent' || n || '@example.com', 'Respondent ' || n, 'completed', n % 100,
                now() - interval '10 minutes', now()
         FROM unnest($3::uuid[]) WITH ORDINALITY AS r(id, n)`,
        [tenant.id, assessment.rows[0].id, Array.from({ length: RESPONSES }, (_, i) => responseId(tenant, i))],
      );
    }
    // The bench measures the query, not the plan's request quota: every tier gets a limit far
    // above what two cores can send (RATE_LIMIT_DEFAULT_PER_MINUTE is set as high on the gateway).
    await c.query(`UPDATE billing.subscription_tiers SET api_requests_per_minute = 1000000`);
  });
  await setLeadCount(ownerUrl, ACME, BENCH_LEADS);
}

/**
 * Gives `tenant` exactly `n` leads (its demo leads are removed), newest first in insertion order,
 * assigned round-robin to 54 salespeople and each linked to its own scored response.
 */
export async function setLeadCount(ownerUrl: string, tenant: typeof ACME, n: number): Promise<void> {
  if (n > RESPONSES) throw new Error(`at most ${RESPONSES} leads per tenant (one response each)`);
  const sellers = salespeople(tenant);
  await run(ownerUrl, async (c) => {
    await c.query(`DELETE FROM crm.leads WHERE tenant_id = $1`, [tenant.id]);
    await c.query(
      `INSERT INTO crm.leads (id, tenant_id, email, name, company, lead_score, assigned_to, response_id, created_at)
       SELECT gen_random_uuid(), $1, 'lead' || i || '@prospect.example', 'Lead ' || i, 'Company ' || (i % 97), i % 101,
              ($2::uuid[])[1 + i % cardinality($2::uuid[])], ($3::uuid[])[1 + i],
              -- strictly increasing, later than the demo's rows, so every copy pages identically
              now() + make_interval(secs => i / 1000.0)
       FROM generate_series(0, $4 - 1) AS i`,
      [tenant.id, sellers, Array.from({ length: n }, (_, i) => responseId(tenant, i)), n],
    );
    await c.query(`ANALYZE crm.leads`);
  });
}

/** Turns tenant isolation off on the query's tables, as their owner; the app role stays. */
export async function disableRls(ownerUrl: string): Promise<void> {
  await run(ownerUrl, async (c) => {
    for (const table of QUERY_TABLES) {
      await c.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await c.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  });
}
