import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ROLE, OWNER_ROLE, type SubgraphModule } from '@leadgraph/shared';
import { bootstrapDatabase, migrate, seedDemo, startEmbeddedPostgres, withDatabase, type EmbeddedPostgres } from './db';
import { demoContext } from './demo';
import { registerPermissions } from './permissions';
import { SUBGRAPHS } from './subgraphs';

/** Children get this long to stop after SIGTERM: the gateway's drain (SHUTDOWN_GRACE_MS) and then some. */
const KILL_AFTER_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) + 5_000;

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = path.join(ROOT, '.data');
const COLORS = [36, 33, 32, 35, 34, 31, 37];

if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));
const env = process.env;

/** A secret kept under .data/ so restarts reuse it (tokens stay valid, data stays readable). */
function persistedSecret(file: string, make: () => string): string {
  const full = path.join(DATA, 'keys', file);
  if (existsSync(full)) return readFileSync(full, 'utf8');
  mkdirSync(path.dirname(full), { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(full, value, { mode: 0o600 });
  return value;
}

/** Human-readable line from a child's JSON log line; other lines pass through. */
function render(line: string): string {
  try {
    const { t: _t, level, name: _n, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [level === 'info' ? '' : String(level).toUpperCase(), msg, ...fields].filter(Boolean).join(' ');
  } catch {
    return line;
  }
}

function prefixed(child: ChildProcess, name: string, color: number): void {
  const tag = `\x1b[${color}m[${name.padEnd(13)}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stdout.write(`${tag}${render(line)}\n`);
    });
  }
}

async function waitHealthy(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy at ${url} within 60 s`);
}

async function main() {
  const creds = {
    ownerPassword: env.DB_OWNER_PASSWORD ?? 'leadgraph-owner-dev',
    appPassword: env.DB_APP_PASSWORD ?? 'leadgraph-app-dev',
  };
  const dbName = env.DB_NAME ?? 'leadgraph';
  const demoPassword = env.DEMO_PASSWORD ?? 'leadgraph-demo';

  let embedded: EmbeddedPostgres | undefined;
  let adminUrl = env.DATABASE_URL;
  if (!adminUrl) {
    const port = Number(env.EMBEDDED_PG_PORT ?? 54329);
    mkdirSync(DATA, { recursive: true, mode: 0o755 });
    console.log(`[start] embedded PostgreSQL on 127.0.0.1:${port}, data in ${path.relative(ROOT, DATA)}/pg`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA, 'pg'), port, persistent: true });
    adminUrl = embedded.adminUrl;
  }

  // Each subgraph lives in the default database unless <NAME>_DATABASE_URL gives it its own.
  const targets = new Map<string, { admin: string; database: string; subgraphs: SubgraphModule[]; ownerUrl?: string }>();
  for (const mod of SUBGRAPHS) {
    const own = env[`${mod.name.toUpperCase()}_DATABASE_URL`];
    const admin = own ?? adminUrl;
    const database = own ? decodeURIComponent(new URL(own).pathname.slice(1)) || dbName : dbName;
    const key = `${new URL(admin).host}/${database}`;
    if (!targets.has(key)) targets.set(key, { admin, database, subgraphs: [] });
    targets.get(key)!.subgraphs.push(mod);
  }
  const appUrls: Record<string, string> = {};
  const demo = demoContext(demoPassword);
  for (const t of targets.values()) {
    // Roles and databases are created from the maintenance database: the target may not exist yet.
    const maintenance = withDatabase(t.admin, 'postgres');
    await bootstrapDatabase(maintenance, t.database, creds, t.subgraphs.map((s) => s.name));
    t.ownerUrl = withDatabase(t.admin, t.database, { name: OWNER_ROLE, password: creds.ownerPassword });
    await migrate(t.ownerUrl, t.subgraphs);
    for (const mod of t.subgraphs) appUrls[mod.name] = withDatabase(t.admin, t.database, { name: APP_ROLE, password: creds.appPassword });
  }
  // The catalog lives in identity's database; roles (and the demo's) may only grant what is in it.
  const identityTarget = [...targets.values()].find((t) => t.subgraphs.some((m) => m.name === 'identity'))!;
  await registerPermissions(identityTarget.ownerUrl!, SUBGRAPHS);
  if (env.SEED_DEMO !== 'false') {
    for (const t of targets.values()) await seedDemo(t.ownerUrl!, t.subgraphs, demo);
  }
  console.log('[start] database migrated' + (env.SEED_DEMO !== 'false' ? ' and demo seeded' : ''));

  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    INTERNAL_TOKEN_SECRET: env.INTERNAL_TOKEN_SECRET ?? persistedSecret('internal-token-secret', () => randomBytes(32).toString('base64url')),
    ACCESS_TOKEN_PRIVATE_KEY:
      env.ACCESS_TOKEN_PRIVATE_KEY ??
      persistedSecret('access-token.pem', () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ),
  };
  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            // The gateway drains in-flight requests for up to SHUTDOWN_GRACE_MS (10 s by default).
            setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS).unref();
          }),
      ),
    );
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const launch = (name: string, script: string, extra: NodeJS.ProcessEnv, color: number) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: ROOT, env: { ...childEnv, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixed(child, name, color);
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`[start] ${name} exited (code ${code}); stopping everything`);
        void stopAll(1);
      }
    });
    children.push({ name, child });
    return child;
  };

  const healthy: Promise<void>[] = [];
  SUBGRAPHS.forEach((mod, i) => {
    const prefix = mod.name.toUpperCase();
    const port = Number(env[`${prefix}_PORT`] ?? mod.defaultPort);
    const child = launch(mod.name, path.join(ROOT, 'subgraphs', mod.name, 'dist', 'src', 'main.js'), { [`${prefix}_APP_DATABASE_URL`]: appUrls[mod.name], [`${prefix}_PORT`]: String(port) }, COLORS[i % COLORS.length]);
    healthy.push(waitHealthy(`http://127.0.0.1:${port}/health`, child, mod.name));
  });
  await Promise.all(healthy);
  const gatewayPort = Number(env.PORT ?? 4000);
  const gateway = launch('gateway', path.join(ROOT, 'gateway', 'dist', 'main.js'), { PORT: String(gatewayPort) }, 37);
  await waitHealthy(`http://127.0.0.1:${gatewayPort}/health`, gateway, 'gateway');

  const logins = [
    ...demo.tenants.flatMap((t) => [`    ${t.name}, tenant id ${t.id}:`, ...t.users.map((u) => `      ${u.email.padEnd(22)} ${u.role}`)]),
    `    ${'support@leadgraph.test'.padEnd(22)} (support staff: add the header X-Support-Tenant: <tenant id>, read-only)`,
  ];
  console.log(`
  leadgraph is up.

    GraphQL + explorer:  http://localhost:${gatewayPort}/graphql   (open it in a browser)
    Health:              http://localhost:${gatewayPort}/health
    JWKS:                http://localhost:${gatewayPort}/.well-known/jwks.json

  Demo logins (password: ${env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : demoPassword}):
${logins.join('\n')}

  Press Ctrl-C to stop.
`);
}

main().catch((error) => {
  console.error('[start] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
