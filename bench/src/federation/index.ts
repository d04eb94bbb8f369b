import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../report';
import { BASELINE, LEADGRAPH_LIMITS, LEADGRAPH_MAX_COST, VARIANTS, VARIANT_LABELS, type VariantId } from './gateways';
import { callChild, cpuMs } from './ipc';
import { percentile, runLoad, type LoadResult } from './measure';
import { formatProfileSummary, summarizeProfile } from './profile';
import { loadScenario, writeSupergraphFor } from './scenario';
import { SUBGRAPH_NAMES } from './subgraphs/schema';
import { jsonDiff, jsonEqual } from './verify';

export const GROUP = '(a) federation benchmark';
const TARGET = 'target >= 2x stock @apollo/gateway at the same CPU';

export interface FederationBenchmarkOptions {
  /** Measured seconds per variant per round. */
  seconds: number;
  rounds: number;
  connections: number;
  log?: (line: string) => void;
  /** Load before the rounds, per variant (JIT, caches); default min(5, max(2, seconds)). */
  warmupSeconds?: number;
  /** Which gateways; default all. The baseline (stock @apollo/gateway) is always included. */
  variants?: VariantId[];
  /** Gateway on CPU 1, everything else on CPU 0 (taskset); default when taskset exists and there are >= 2 CPUs. */
  pin?: boolean;
  /** After the rounds, profile these variants under `seconds` of load and print where their time goes. */
  profile?: { dir: string; variants: VariantId[] };
  scenarioDir?: string;
  /**
   * Subgraphs execute each distinct request once and replay the answer (default true): with
   * 7-16 subgraph requests per query, executing them all in Node would compete with the load
   * generator for the one core they share and could cap the faster gateways.
   */
  memoSubgraphs?: boolean;
}

interface SubgraphStats {
  counts: Record<string, number>;
  cpuMs: number;
}

interface Child {
  proc: ChildProcess;
  output: string[];
  lines: number;
}

interface GatewayChild extends Child {
  id: VariantId;
  url: string;
  headers: Record<string, string>;
  /** Subgraph requests for one benchmark query, counted at verification. */
  subgraphRequests: number;
  otherCalls: Record<string, number>;
  verifiedBodies: Set<string>;
  wrong?: string[];
}

const GATEWAY_CPU = 1;
const OTHERS_CPU = 0;

function spawn(script: string, args: string[], label: string): Promise<{ child: Child; ready: Record<string, unknown> }> {
  const proc = fork(path.join(__dirname, script), args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const child: Child = { proc, output: [], lines: 0 };
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      child.lines++;
      child.output.push(line.length > 300 ? `${line.slice(0, 300)}...` : line);
      if (child.output.length > 40) child.output.shift();
    }
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${label} exited (${code}) while starting:\n${child.output.map((l) => `  ${l}`).join('\n')}`));
    proc.once('exit', onExit);
    proc.on('message', function onReady(msg: Record<string, unknown>) {
      if (!msg?.ready) return;
      proc.off('message', onReady);
      proc.off('exit', onExit);
      resolve({ child, ready: msg });
    });
  });
}

async function stopChild(child: Child | undefined) {
  if (!child || child.proc.exitCode !== null) return;
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  await callChild(child.proc, 'stop', { timeoutMs: 10_000 }).catch(() => child.proc.kill('SIGKILL'));
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
}

const hasTaskset = () => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const pinTo = (pid: number, cpu: number) => execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
const affinityOf = (pid: number) => /:\s*([0-9a-f]+)\s*$/i.exec(execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' }))?.[1];

/** ms the process's main thread has waited for a CPU while runnable (/proc/<pid>/task/<pid>/schedstat, Linux). */
const runQueueWaitMs = (pid: number): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
};

/**
 * A process's CPU time (all threads, user + system) in ms, read from /proc/<pid>/stat without
 * asking the process: a gateway busy with 50 requests may answer an IPC message only seconds later.
 */
const procCpuMs = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
};
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const MIN_RESPONSES = 100;

const subgraphTotal = (counts: Record<string, number>) => SUBGRAPH_NAMES.reduce((sum, name) => sum + (counts[name] ?? 0), 0);
const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) ? [[k, v - (before[k] ?? 0)]] : [])));
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/**
 * The Guild's federation gateways benchmark, here: our four subgraphs (one child process, with a
 * stand-in identity service), each gateway in its own child process, loaded one at a time by
 * autocannon from this process, in rounds whose order rotates so drift hits every gateway alike.
 * Every gateway's answer is checked against expected.json first, and every response under load.
 */
export async function runFederationBenchmark(opts: FederationBenchmarkOptions): Promise<BenchRow[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const scenario = loadScenario(opts.scenarioDir);
  const variants = [...new Set<VariantId>([BASELINE, ...(opts.variants ?? VARIANTS)])];
  const warmupSeconds = opts.warmupSeconds ?? Math.min(5, Math.max(2, opts.seconds));
  const pin = (opts.pin ?? true) && availableParallelism() >= 2 && hasTaskset();
  const requestBody = JSON.stringify({ query: scenario.query });

  let subgraphs: Child | undefined;
  const gateways: GatewayChild[] = [];
  let supergraphPath: string | undefined;
  const parentAffinity = pin ? affinityOf(process.pid) : undefined;
  try {
    const memo = opts.memoSubgraphs ?? true;
    const started = await spawn('subgraphs/main.js', memo ? ['memo'] : [], 'subgraphs');
    subgraphs = started.child;
    const servicesUrl = `http://127.0.0.1:${started.ready.port as number}`;
    supergraphPath = writeSupergraphFor(scenario.supergraphSdl, servicesUrl);
    if (pin) {
      pinTo(subgraphs.proc.pid!, OTHERS_CPU);
      pinTo(process.pid, OTHERS_CPU);
    }
    const subgraphStats = () => callChild<SubgraphStats>(subgraphs!.proc, 'stats');
    log(
      `federation benchmark: scenario ${scenario.dir}; subgraphs at ${servicesUrl}${memo ? ' (answers replayed after the first execution)' : ''}; ` +
        `${opts.connections} connections, ` +
        `warm-up ${warmupSeconds} s, ${opts.rounds} rounds x ${opts.seconds} s per gateway; ` +
        (pin ? `gateway pinned to CPU ${GATEWAY_CPU}, subgraphs and load generator to CPU ${OTHERS_CPU}` : 'not pinned (no taskset or one CPU)'),
    );
    log(
      `leadgraph limits on: ${Object.entries(LEADGRAPH_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')} MAX_COST=${LEADGRAPH_MAX_COST} ` +
        '(the query costs 916171102; MAX_COST set on the config object, the variable accepts at most 10000000), RATE_LIMIT_DEFAULT_PER_MINUTE=1000000',
    );

    // Start and verify each gateway; the stock one first: if it is wrong, the subgraphs are.
    for (const id of variants) {
      const { child, ready } = await spawn('gateway-main.js', [id, supergraphPath, servicesUrl], id);
      const gw: GatewayChild = {
        ...child,
        id,
        url: ready.url as string,
        headers: ready.headers as Record<string, string>,
        subgraphRequests: 0,
        otherCalls: {},
        verifiedBodies: new Set(),
      };
      gateways.push(gw);
      if (pin) pinTo(child.proc.pid!, GATEWAY_CPU);
      const before = await subgraphStats();
      const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...gw.headers }, body: requestBody });
      const text = await res.text();
      const after = await subgraphStats();
      const calls = delta(after.counts, before.counts);
      gw.subgraphRequests = subgraphTotal(calls);
      gw.otherCalls = Object.fromEntries(Object.entries(calls).filter(([k]) => !(SUBGRAPH_NAMES as readonly string[]).includes(k)));
      let diff: string[];
      try {
        diff = res.status === 200 ? jsonDiff(scenario.expected, JSON.parse(text)) : [`HTTP ${res.status}: ${text.slice(0, 300)}`];
      } catch {
        diff = [`not JSON: ${text.slice(0, 300)}`];
      }
      if (diff.length) {
        const message = `${VARIANT_LABELS[id]} at ${gw.url}: the answer differs from expected.json:\n${diff.map((d) => `  ${d}`).join('\n')}`;
        if (id === BASELINE) throw new Error(`federation benchmark aborted: ${message}\n(the stock gateway is the reference: the subgraphs are wrong)`);
        log(`WRONG ANSWER, not measured: ${message}`);
        gw.wrong = diff;
        continue;
      }
      gw.verifiedBodies.add(text);
      log(
        `verified ${id} (${gw.url}): answer equals expected.json; ${gw.subgraphRequests} subgraph requests per query ` +
          `(${SUBGRAPH_NAMES.map((n) => `${n} ${calls[n] ?? 0}`).join(', ')})` +
          (Object.keys(gw.otherCalls).length ? `; other calls: ${JSON.stringify(gw.otherCalls)}` : ''),
      );
    }

    const measured = gateways.filter((g) => !g.wrong);
    const load = (gw: GatewayChild, seconds: number) =>
      runLoad({
        url: gw.url,
        headers: gw.headers,
        body: requestBody,
        connections: opts.connections,
        seconds,
        verifyBody: (body) => {
          if (gw.verifiedBodies.has(body)) return true;
          let ok = false;
          try {
            ok = jsonEqual(scenario.expected, JSON.parse(body));
          } catch {
            ok = false;
          }
          if (ok && gw.verifiedBodies.size < 8) gw.verifiedBodies.add(body);
          return ok;
        },
        gatewayCpuMs: async () => procCpuMs(gw.proc.pid!) ?? callChild<number>(gw.proc, 'cpu'),
        extraCpuMs: {
          subgraphs: async () => procCpuMs(subgraphs!.proc.pid!) ?? (await subgraphStats()).cpuMs,
          loader: async () => cpuMs(),
          gatewayWait: async () => runQueueWaitMs(gw.proc.pid!),
        },
      });

    for (const gw of measured) {
      const warm = await load(gw, warmupSeconds);
      const bad = warm.non2xx + warm.errors + warm.wrongAnswers;
      log(`warm-up ${gw.id}: ${round(warm.windowResponses / (warm.windowMs / 1000), 1)} req/s${bad ? `, ${bad} errors ${JSON.stringify(warm.statusCodes)}` : ''}`);
    }

    // CPU per request one at a time: unlike the loaded rounds, barely distorted when other processes compete for the CPUs.
    const serialCpu = new Map<VariantId, number>();
    for (const gw of measured) {
      const n = 20;
      const cpu0 = await callChild<number>(gw.proc, 'cpu');
      for (let i = 0; i < n; i++) {
        const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...gw.headers }, body: requestBody });
        await res.arrayBuffer();
      }
      serialCpu.set(gw.id, ((await callChild<number>(gw.proc, 'cpu')) - cpu0) / n);
      log(`serial ${gw.id}: ${round(serialCpu.get(gw.id)!)} gateway CPU ms/req over ${n} requests one at a time`);
    }

    const results = new Map<VariantId, LoadResult[]>(measured.map((g) => [g.id, []]));
    for (let r = 0; r < opts.rounds; r++) {
      const order = measured.map((_, i) => measured[(i + r) % measured.length]);
      for (const gw of order) {
        const res = await load(gw, opts.seconds);
        results.get(gw.id)!.push(res);
        const n = res.windowResponses || NaN;
        log(
          `round ${r + 1} ${gw.id}: ${round(res.windowResponses / (res.windowMs / 1000), 1)} req/s, ` +
            `gateway ${round(res.gatewayCpuMs / n)} CPU ms/req (core ${Math.round((100 * res.gatewayCpuMs) / res.windowMs)}% busy), ` +
            `subgraphs ${round(res.extraCpuMs.subgraphs / n)} ms/query (${Math.round((100 * res.extraCpuMs.subgraphs) / res.windowMs)}%), ` +
            `load generator ${round(res.extraCpuMs.loader / n)} ms/req (${Math.round((100 * res.extraCpuMs.loader) / res.windowMs)}%), ` +
            `gateway waited for a CPU ${Math.round((100 * res.extraCpuMs.gatewayWait) / res.windowMs)}% of the time` +
            (res.non2xx + res.errors + res.wrongAnswers ? `; ERRORS non-2xx ${res.non2xx}, errors ${res.errors}, wrong answers ${res.wrongAnswers}` : ''),
        );
      }
    }

    if (opts.profile) {
      mkdirSync(opts.profile.dir, { recursive: true });
      for (const gw of measured.filter((g) => opts.profile!.variants.includes(g.id))) {
        const file = path.resolve(opts.profile.dir, `${gw.id}.cpuprofile`);
        await callChild(gw.proc, 'profileStart');
        const res = await load(gw, opts.seconds);
        await callChild(gw.proc, 'profileStop', { arg: file });
        const runs = results.get(gw.id)!;
        const cpuPerReq = runs.reduce((s, r) => s + r.gatewayCpuMs, 0) / runs.reduce((s, r) => s + r.windowResponses, 0);
        log(`CPU profile of ${gw.id} under load (${opts.seconds} s, ${round(res.windowResponses / (res.windowMs / 1000), 1)} req/s with the profiler on): ${file}`);
        for (const line of formatProfileSummary(summarizeProfile(file), Number.isFinite(cpuPerReq) ? cpuPerReq : undefined)) log(`  ${line}`);
      }
    }

    for (const gw of gateways) {
      if (gw.lines) log(`${gw.id} wrote ${gw.lines} log lines; last: ${gw.output.slice(-3).join(' | ')}`);
    }
    return toRows(gateways, results, pin, serialCpu);
  } finally {
    await Promise.all(gateways.map((g) => stopChild(g)));
    await stopChild(subgraphs);
    if (parentAffinity) execFileSync('taskset', ['-a', '-p', parentAffinity, String(process.pid)], { stdio: 'ignore' });
    if (supergraphPath && existsSync(supergraphPath)) rmSync(path.dirname(supergraphPath), { recursive: true, force: true });
  }
}

function toRows(gateways: GatewayChild[], results: Map<VariantId, LoadResult[]>, pinned: boolean, serialCpu: Map<VariantId, number>): BenchRow[] {
  const summary = new Map(
    [...results].map(([id, runs]) => {
      const responses = runs.reduce((s, r) => s + r.windowResponses, 0);
      const windowMs = runs.reduce((s, r) => s + r.windowMs, 0);
      const cpu = runs.reduce((s, r) => s + r.gatewayCpuMs, 0);
      const latencies = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
      const wrong = runs.reduce((s, r) => s + r.wrongAnswers, 0);
      const waited = runs.reduce((s, r) => s + (r.extraCpuMs.gatewayWait ?? 0), 0);
      return [
        id,
        {
          reqPerS: responses / (windowMs / 1000),
          cpuPerReq: cpu / responses,
          busy: cpu / windowMs,
          waited: waited / windowMs,
          responses,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          errors: runs.reduce((s, r) => s + r.non2xx + r.errors + r.wrongAnswers, 0),
          wrong,
        },
      ];
    }),
  );
  const base = summary.get(BASELINE);
  const sameCpu = pinned ? 'each gateway on one pinned core' : 'gateways not pinned';
  return gateways.map((gw): BenchRow => {
    const s = summary.get(gw.id);
    const row: BenchRow = { group: GROUP, variant: VARIANT_LABELS[gw.id], metrics: {} };
    if (!s) {
      row.note = `not measured: WRONG ANSWER at verification (${(gw.wrong?.[0] ?? 'no result').replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 200)})`;
      return row;
    }
    const valid = s.responses >= MIN_RESPONSES;
    // Too few completions: the loaded numbers are mostly unfinished work; CPU per request comes from the serial run.
    const cpuPerReq = valid ? s.cpuPerReq : (serialCpu.get(gw.id) ?? NaN);
    row.metrics = Object.fromEntries(
      Object.entries({
        'req/s': round(s.reqPerS, 1),
        'p50 ms': round(s.p50, 1),
        'p99 ms': round(s.p99, 1),
        'CPU ms/req': round(cpuPerReq),
        'subgraph req/query': gw.subgraphRequests,
        errors: s.errors,
      }).filter(([, v]) => Number.isFinite(v)),
    );
    const baseValid = base && base.responses >= MIN_RESPONSES;
    const baseCpu = baseValid ? base.cpuPerReq : serialCpu.get(BASELINE);
    row.ratio = base && base.reqPerS > 0 ? round(s.reqPerS / base.reqPerS) : undefined;
    const notes: string[] = [];
    if (gw.id === BASELINE) notes.push(`baseline (${sameCpu})`);
    else if (gw.id === 'leadgraph') {
      const cpuRatio = baseCpu ? round(baseCpu / cpuPerReq) : NaN;
      const met = valid && baseValid ? row.ratio !== undefined && row.ratio >= 2 : cpuRatio >= 2;
      notes.push(
        `${TARGET}: ${met ? 'MET' : 'MISSED'} (${row.ratio ?? '?'}x req/s, ${cpuRatio}x less CPU per request` +
          `${valid && baseValid ? '' : ', judged by CPU per request one at a time'}; ${sameCpu})`,
      );
    } else notes.push('for comparison');
    if (!valid) notes.push(`only ${s.responses} responses completed in the measured windows: CPU ms/req from ${serialCpu.size ? 'the serial run' : 'nothing'}`);
    if (s.wrong) notes.push(`WRONG ANSWER in ${s.wrong} responses under load`);
    if (s.waited > 0.1) notes.push(`CPU contention: the gateway waited for its core ${Math.round(100 * s.waited)}% of the time (other processes)`);
    else if (s.busy < 0.85) notes.push(`gateway core only ${Math.round(100 * s.busy)}% busy: limited by the load side, not the gateway`);
    row.note = notes.join('; ');
    return row;
  });
}
