/**
 * The load generator, in its own process so that sending requests does not share an event loop
 * with the gateway and subgraphs it measures (they all share the machine's cores, though).
 * Receives a LoadJob over IPC, answers with a LoadResult.
 */
import type { LoadJob, LoadResult } from './load';

// autocannon ships no types; this is the part of its API used here.
type Autocannon = (opts: Record<string, unknown>) => Promise<{
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  latency: { p50: number; p99: number; totalCount: number };
}>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

process.on('message', async (job: LoadJob) => {
  try {
    const r = await autocannon({
      url: job.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...job.headers },
      body: job.body,
      connections: job.connections,
      duration: job.seconds,
      ...(job.expectBody ? { expectBody: job.expectBody } : {}),
    });
    const result: LoadResult = {
      requests: r.latency.totalCount,
      seconds: r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      failures: r.errors + r.timeouts + r.non2xx + r.mismatches,
    };
    process.send!({ ok: true, result });
  } catch (error) {
    process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
