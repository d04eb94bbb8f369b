import { setTimeout as sleep } from 'node:timers/promises';
import autocannon = require('autocannon');

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
  /** True when a response body is the right answer. */
  verifyBody: (body: string) => boolean;
  /** The gateway process's CPU time so far, in ms. */
  gatewayCpuMs: () => Promise<number>;
  /** Other processes' CPU time so far (subgraphs, load generator), reported over the same window. */
  extraCpuMs?: Record<string, () => Promise<number>>;
}

/** One load run, measured over its steady middle (ramp-up and the cut-off tail excluded). */
export interface LoadResult {
  windowMs: number;
  /** 2xx responses completed inside the window. */
  windowResponses: number;
  /** Their latencies, ms. */
  latenciesMs: number[];
  gatewayCpuMs: number;
  extraCpuMs: Record<string, number>;
  /** Over the whole run: non-2xx answers, connection errors and timeouts, and 2xx answers with a wrong body. */
  non2xx: number;
  errors: number;
  wrongAnswers: number;
  statusCodes: Record<string, number>;
}

/**
 * Drives `connections` concurrent clients for `seconds` with autocannon. Throughput, CPU per
 * request and latencies are taken over the middle of the run: the first 20% (at most 1 s)
 * fills the connections, and the last 10% (at most 0.5 s) would count CPU spent on requests
 * that autocannon then abandons.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const totalMs = opts.seconds * 1000;
  const rampMs = Math.min(1000, totalMs * 0.2);
  const tailMs = Math.min(500, totalMs * 0.1);
  let inWindow = false;
  let windowResponses = 0;
  const latenciesMs: number[] = [];

  let finished!: Promise<autocannon.Result>;
  const instance = await new Promise<autocannon.Instance>((resolveInstance) => {
    finished = new Promise((resolve, reject) => {
      const inst = autocannon(
        {
          url: opts.url,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...opts.headers },
          body: opts.body,
          connections: opts.connections,
          duration: opts.seconds,
          timeout: 30,
          verifyBody: opts.verifyBody,
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      resolveInstance(inst);
    });
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (!inWindow || statusCode < 200 || statusCode >= 300) return;
    windowResponses++;
    latenciesMs.push(responseTime);
  });

  const extra = Object.entries(opts.extraCpuMs ?? {});
  const sampleExtra = () => Promise.all(extra.map(([, f]) => f()));
  await sleep(rampMs);
  const t0 = performance.now();
  const [cpu0, extra0] = await Promise.all([opts.gatewayCpuMs(), sampleExtra()]);
  inWindow = true;
  await sleep(Math.max(0, totalMs - rampMs - tailMs));
  inWindow = false;
  const t1 = performance.now();
  const [cpu1, extra1] = await Promise.all([opts.gatewayCpuMs(), sampleExtra()]);
  const result = await finished;
  return {
    windowMs: t1 - t0,
    windowResponses,
    latenciesMs,
    gatewayCpuMs: cpu1 - cpu0,
    extraCpuMs: Object.fromEntries(extra.map(([name], i) => [name, extra1[i] - extra0[i]])),
    non2xx: result.non2xx,
    errors: result.errors,
    wrongAnswers: result.mismatches,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
