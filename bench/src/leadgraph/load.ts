import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BenchRow } from '../report';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
  /** Every answer must equal this body, or it counts as a failure. */
  expectBody?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts, non-2xx answers and answers that differ from the expected body. */
  failures: number;
}

/** One long-lived child process running autocannon, one job at a time. */
export class LoadGenerator {
  private child: ChildProcess | undefined;

  async run(job: LoadJob): Promise<LoadResult> {
    const child = (this.child ??= fork(path.join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (code ${code})`));
      child.once('exit', onExit);
      child.once('message', (msg: { ok: boolean; result?: LoadResult; error?: string }) => {
        child.off('exit', onExit);
        if (msg.ok) resolve(msg.result!);
        else reject(new Error(`load generator: ${msg.error}`));
      });
      child.send(job);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** A request to measure: where to send it, and what a correct answer looks like. */
export interface Variant {
  name: string;
  /** Built before every run, so credentials are fresh. */
  request(): Promise<{ url: string; headers: Record<string, string>; body: string }>;
  /** Throws when the answer is wrong (errors, missing data). */
  check(answer: { data?: any; errors?: unknown }): void;
}

export interface CompareOptions {
  group: string;
  variants: Variant[];
  /** Index of the variant the ratios are taken against. */
  baseline: number;
  seconds: number;
  rounds: number;
  connections: number;
  load: LoadGenerator;
  log: (line: string) => void;
  /**
   * CPU ms the servers (this process: gateway and subgraphs; and PostgreSQL) have used so far.
   * Per request it is steadier than req/s on a machine others are using too.
   */
  serverCpuMs?: () => number | undefined;
}

export interface Measured {
  variant: Variant;
  /** Per round, in round order; cpuMs is the servers' CPU time during the run. */
  runs: (LoadResult & { cpuMs?: number })[];
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Geometric mean over rounds of req/s(variant) / req/s(baseline) of the same round. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  failures: number;
  /** Servers' CPU ms per request (mean over rounds) and its ratio to the baseline's, if measured. */
  cpuPerReq?: number;
  cpuRatio?: number;
  /** The answer every request was checked against. */
  answer: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const geomean = (xs: number[]) => Math.exp(mean(xs.map(Math.log)));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Sends the request once and checks it; returns the exact body, if the answer is deterministic. */
async function preflight(v: Variant): Promise<string> {
  const bodies: string[] = [];
  for (let i = 0; i < 2; i++) {
    const req = await v.request();
    const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: req.body });
    const text = await res.text();
    if (!res.ok) throw new Error(`${v.name}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    v.check(JSON.parse(text));
    bodies.push(text);
  }
  if (bodies[0] !== bodies[1]) throw new Error(`${v.name}: two identical requests got different answers`);
  return bodies[0];
}

/**
 * Measures the variants against each other in one run: a short warm-up each, then `rounds`
 * rounds in which every variant runs `seconds`, the order rotating by one each round, so that
 * drift of a busy machine falls on every variant alike. Ratios are taken within a round.
 */
export async function compare(opts: CompareOptions): Promise<Measured[]> {
  const { variants, load } = opts;
  const answers = await Promise.all(variants.map(preflight));
  const job = async (v: Variant, i: number, seconds: number): Promise<LoadJob> => ({
    ...(await v.request()),
    connections: opts.connections,
    seconds,
    expectBody: answers[i],
  });
  // autocannon stops sending at the deadline, but the servers still work off what is in flight;
  // that tail must not be billed to the next variant.
  const drain = (last: LoadResult) => new Promise((r) => setTimeout(r, Math.min(5_000, Math.max(250, last.p99))));
  for (const [i, v] of variants.entries()) await drain(await load.run(await job(v, i, Math.min(2, opts.seconds))));

  const runs: (LoadResult & { cpuMs?: number })[][] = variants.map(() => []);
  for (let r = 0; r < opts.rounds; r++) {
    const order = variants.map((_, i) => (i + r) % variants.length);
    for (const i of order) {
      const request = await job(variants[i], i, opts.seconds);
      const cpuBefore = opts.serverCpuMs?.();
      const result = await load.run(request);
      const cpuAfter = opts.serverCpuMs?.();
      const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
      runs[i].push({ ...result, cpuMs });
      const cpu = cpuMs !== undefined && result.requests ? `, ${round2(cpuMs / result.requests)} CPU ms/req` : '';
      opts.log(`${opts.group} round ${r + 1}/${opts.rounds} ${variants[i].name}: ${round2(result.requests / result.seconds)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${cpu}${result.failures ? `, ${result.failures} FAILED` : ''}`);
      await drain(result);
    }
  }
  const rate = (x: LoadResult) => x.requests / x.seconds;
  const cpuOf = (x: LoadResult & { cpuMs?: number }) => (x.cpuMs === undefined || !x.requests ? undefined : x.cpuMs / x.requests);
  return variants.map((variant, i) => {
    // A round in which the baseline completed nothing has no ratio (NaN would poison the mean).
    const ratios = runs[i].map((x, r) => rate(x) / rate(runs[opts.baseline][r])).filter((x) => Number.isFinite(x) && x > 0);
    const cpu = runs[i].map(cpuOf);
    const cpuBase = runs[opts.baseline].map(cpuOf);
    const measuredCpu = cpu.every((c) => c !== undefined) && cpuBase.every((c) => c !== undefined) && cpu.length > 0;
    return {
      cpuPerReq: measuredCpu ? mean(cpu as number[]) : undefined,
      cpuRatio: measuredCpu ? geomean(cpu.map((c, r) => c! / cpuBase[r]!)) : undefined,
      variant,
      runs: runs[i],
      reqPerSec: mean(runs[i].map(rate)),
      p50: mean(runs[i].map((x) => x.p50)),
      p99: mean(runs[i].map((x) => x.p99)),
      ratio: ratios.length ? geomean(ratios) : NaN,
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      failures: runs[i].reduce((n, x) => n + x.failures, 0),
      answer: answers[i],
    };
  });
}

/** A measured variant as a table row; `note` adds the group's verdict. */
export function toRow(group: string, m: Measured, note?: string): BenchRow {
  const spread = m.runs.length > 1 ? ` (rounds ${round2(m.ratioMin)}-${round2(m.ratioMax)})` : '';
  return {
    group,
    variant: m.variant.name,
    metrics: {
      'req/s': round2(m.reqPerSec),
      'p50 ms': round2(m.p50),
      'p99 ms': round2(m.p99),
      ...(m.cpuPerReq !== undefined ? { 'CPU ms/req': round2(m.cpuPerReq) } : {}),
    },
    ratio: Number.isFinite(m.ratio) ? round2(m.ratio) : undefined,
    note: [
      m.failures ? `${m.failures} failed requests!` : '',
      m.runs.some((x) => x.requests === 0) ? 'NO ANSWER within a run in some round: lengthen --seconds or lower --connections' : '',
      note ?? '',
      m.ratio !== 1 ? `ratio = req/s vs baseline${spread}${m.cpuRatio !== undefined ? `, CPU/req ${round2(m.cpuRatio)}x` : ''}` : 'baseline',
    ]
      .filter(Boolean)
      .join('; '),
  };
}
