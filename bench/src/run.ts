/**
 * `npm run bench`: every benchmark in one run, one table.
 *
 *   npm run bench -- --seconds 10 --rounds 3 --connections 8 --only a,b,c,d
 *
 * (a) federation gateways (bench/src/federation, always 50 connections as in the public runs;
 * --connections sets the load of b and d), (b) leadgraph's gateway overhead, (c) SQL
 * statements per page for 10/100/1000 leads, (d) row-level security's cost. The table is printed
 * and appended to bench/results/<date>.md (git-ignored).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFederationBenchmark } from './federation';
import { runLeadgraphBenchmarks } from './leadgraph';
import { formatTable, type BenchRow } from './report';

const ALL = ['a', 'b', 'c', 'd'];
const USAGE = 'usage: npm run bench -- [--seconds N] [--rounds N] [--connections N] [--only a,b,c,d]';

interface Options {
  seconds: number;
  rounds: number;
  connections: number;
  only: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { seconds: 10, rounds: 3, connections: 4, only: new Set(ALL) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    const positive = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number >= 1, got ${value}\n${USAGE}`);
      return n;
    };
    if (flag === '--seconds') opts.seconds = positive();
    else if (flag === '--rounds') opts.rounds = positive();
    else if (flag === '--connections') opts.connections = positive();
    else if (flag === '--only') {
      const picked = String(value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      const unknown = picked.filter((p) => !ALL.includes(p));
      if (!picked.length || unknown.length) throw new Error(`--only takes a comma list of ${ALL.join(',')}; got ${value}\n${USAGE}`);
      opts.only = new Set(picked);
    } else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  return opts;
}

function machine(): string {
  const model = (() => {
    try {
      return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
    } catch {
      return os.cpus()[0]?.model;
    }
  })();
  return `${os.availableParallelism()} cores (${model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The public scenario's load: 50 concurrent connections, as in its published runs. */
const FEDERATION_CONNECTIONS = 50;

/** (a) the public federation benchmark (bench/src/federation). */
async function federation(opts: Options, log: (l: string) => void): Promise<BenchRow[]> {
  const group = '(a) federation benchmark';
  try {
    return await runFederationBenchmark({ seconds: opts.seconds, rounds: opts.rounds, connections: FEDERATION_CONNECTIONS, log });
  } catch (error) {
    return [{ group, variant: '-', metrics: {}, note: `failed: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const log = (line: string) => console.log(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const cleanups: (() => Promise<void>)[] = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      void Promise.allSettled(cleanups.map((c) => c())).then(() => process.exit(130));
    });
  }
  log(`${[...opts.only].join(',')}: ${opts.rounds} round(s) of ${opts.seconds} s per variant, ${opts.connections} connections; ${machine()}`);

  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let failed = false;
  if (opts.only.has('a')) rows.push(...(await federation(opts, log)));
  if (['b', 'c', 'd'].some((x) => opts.only.has(x))) {
    try {
      const own = await runLeadgraphBenchmarks({ ...opts, log, onCleanup: (stop) => cleanups.push(stop) });
      rows.push(...own.rows);
      notes.push(...own.notes);
    } catch (error) {
      failed = true;
      log(`leadgraph benchmarks failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ group: '(b-d) leadgraph', variant: '-', metrics: {}, note: `failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const table = formatTable(rows);
  const header = [
    `## ${started.toISOString()}`,
    '',
    `\`npm run bench -- --seconds ${opts.seconds} --rounds ${opts.rounds} --connections ${opts.connections} --only ${[...opts.only].join(',')}\``,
    '',
    `Machine: ${machine()}`,
    ...notes.map((n) => `\n${n[0].toUpperCase()}${n.slice(1)}`),
    '',
  ].join('\n');
  console.log(`\n${table}\n`);
  notes.forEach((n) => console.log(n));
  const dir = path.resolve(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().slice(0, 10)}.md`);
  appendFileSync(file, `${header}\n${table}\n\n`);
  log(`table appended to ${path.relative(process.cwd(), file)}`);
  return failed ? 1 : 0;
}

main().then(
  // Explicit exit: a client library's idle timer must not keep a finished run alive.
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
