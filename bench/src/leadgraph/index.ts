import type { BenchRow } from '../report';
import { disableRls, startBenchPostgres, type BenchPostgres } from './database';
import { gatewayOverhead } from './gateway-overhead';
import { LoadGenerator } from './load';
import { rlsCost, rlsSqlCost } from './rls';
import { gatewayFeatures, startStack, type Stack } from './stack';
import { statementsPerPage } from './statements';

export interface LeadgraphBenchOptions {
  seconds: number;
  rounds: number;
  connections: number;
  /** Which of b, c, d to run. */
  only: Set<string>;
  log: (line: string) => void;
  /** Stops everything started so far when the process is interrupted. */
  onCleanup?: (stop: () => Promise<void>) => void;
}

/**
 * (b), (c), (d): leadgraph's own supergraph on one PostgreSQL. Everything started here is
 * stopped before this returns, also when a measurement fails.
 */
export async function runLeadgraphBenchmarks(opts: LeadgraphBenchOptions): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const { log } = opts;
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const load = new LoadGenerator();
  const stacks: Stack[] = [];
  let pg: BenchPostgres | undefined;
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await load.stop().catch((e) => log(`load generator: ${e}`));
    for (const s of stacks.splice(0)) await s.stop().catch((e) => log(`stack ${s.name}: ${e}`));
    await pg?.stop().catch((e) => log(`postgres: ${e}`));
  };
  opts.onCleanup?.(stopAll);
  const start = async (name: string, prepare?: (ownerUrl: string) => Promise<void>) => {
    const db = await pg!.copy(`leadgraph_bench_${name}`);
    await prepare?.(db.ownerUrl);
    const stack = await startStack(name, db);
    stacks.push(stack);
    log(`stack "${name}" up: gateway ${stack.gateway.url}, database ${db.name}`);
    return stack;
  };
  const stop = async (stack: Stack) => {
    stacks.splice(stacks.indexOf(stack), 1);
    await stack.stop();
    await stack.db.drop();
  };
  // Gateway and subgraphs run in this process; the load generator in its own.
  const serverCpuMs = () => {
    const pgMs = pg?.cpuMs();
    if (pgMs === undefined) return undefined;
    const own = process.cpuUsage();
    return (own.user + own.system) / 1000 + pgMs;
  };
  const measure = { seconds: opts.seconds, rounds: opts.rounds, connections: opts.connections, load, log, serverCpuMs };

  try {
    pg = await startBenchPostgres(log);
    if (opts.only.has('c')) {
      const c = await start('c');
      rows.push(...(await statementsPerPage(c, log)));
      await stop(c);
    }
    if (opts.only.has('b') || opts.only.has('d')) {
      const on = await start('rls');
      notes.push(`gateway features in this build: ${await gatewayFeatures(on.config)}`);
      if (opts.only.has('b')) rows.push(...(await gatewayOverhead(on, measure)));
      if (opts.only.has('d')) {
        const off = await start('norls', disableRls);
        rows.push(...(await rlsCost(on, off, measure)));
        rows.push(...(await rlsSqlCost(on, off, { rounds: opts.rounds, iterations: 50 * opts.seconds, log })));
      }
    }
  } finally {
    await stopAll();
  }
  return { rows, notes };
}
