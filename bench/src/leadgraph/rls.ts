import { Client } from 'pg';
import type { BenchRow } from '../report';
import { ACME } from './database';
import { compare, toRow, type LoadGenerator, type Measured } from './load';
import { THREE_SUBGRAPH_QUERY, crmDirect, viaGateway } from './queries';
import type { Stack } from './stack';

export const GROUP_D_GATEWAY = '(d) RLS cost, 3-subgraph query via gateway';
export const GROUP_D_DIRECT = '(d) RLS cost, crm-only query direct';
const TARGET = 0.95;

/**
 * (d) The same query on two byte-identical copies of the bench database: `on` as seeded (the app
 * role, ENABLE + FORCE row-level security), `off` where the owner disabled RLS on the tables the
 * query reads. The app role, the transaction and the set_config of the tenant are the same; only
 * the policy is gone. Measured through the gateway (what a user sees) and straight at crm (where
 * the database's share of the time is largest, so RLS's cost shows most).
 */
export async function rlsCost(on: Stack, off: Stack, opts: { seconds: number; rounds: number; connections: number; load: LoadGenerator; log: (l: string) => void }): Promise<BenchRow[]> {
  const pct = (x: number) => `${Math.abs(x * 100).toFixed(1)}% ${x >= 0 ? 'slower' : 'faster'}`;
  const verdict = (m: Measured, answerOff: string) => {
    const same = m.answer === answerOff ? 'identical answers' : 'ANSWERS DIFFER';
    if (!Number.isFinite(m.ratio)) return `${same}; not measured (no answers in a run)`;
    const cpu = m.cpuRatio !== undefined ? `, CPU/req ${m.cpuRatio >= 1 ? '+' : '-'}${Math.abs((m.cpuRatio - 1) * 100).toFixed(1)}%` : '';
    return `${same}; RLS ${pct(1 - m.ratio)} by req/s${cpu} (target <= 5% slower: ${m.ratio >= TARGET ? 'met' : 'MISSED'})`;
  };
  const rows: BenchRow[] = [];
  const [gwOff, gwOn] = await compare({
    group: GROUP_D_GATEWAY,
    variants: [viaGateway('RLS disabled on the 3 tables', off, THREE_SUBGRAPH_QUERY), viaGateway('RLS enforced (app role)', on, THREE_SUBGRAPH_QUERY)],
    baseline: 0,
    ...opts,
  });
  rows.push(toRow(GROUP_D_GATEWAY, gwOff), toRow(GROUP_D_GATEWAY, gwOn, verdict(gwOn, gwOff.answer)));
  const [dOff, dOn] = await compare({
    group: GROUP_D_DIRECT,
    variants: [crmDirect('RLS disabled on crm.leads', off), crmDirect('RLS enforced (app role)', on)],
    baseline: 0,
    ...opts,
  });
  rows.push(toRow(GROUP_D_DIRECT, dOff), toRow(GROUP_D_DIRECT, dOn, verdict(dOn, dOff.answer)));
  return rows;
}

export const GROUP_D_SQL = '(d) RLS cost, leads page SQL alone';

/**
 * The leads page's SELECT exactly as crm sent it (captured from its logger), timed in PostgreSQL
 * on both copies: one connection each as the app role, in a transaction with the tenant set like
 * a request's, `iterations` SELECTs per variant per round, the order rotating. Only the
 * statement is timed, so this is RLS's cost without HTTP and GraphQL around it.
 */
export async function rlsSqlCost(on: Stack, off: Stack, opts: { rounds: number; iterations: number; log: (l: string) => void }): Promise<BenchRow[]> {
  const statement = await captureLeadsSelect(on);
  const pct = (x: number) => `${Math.abs(x * 100).toFixed(1)}% ${x >= 0 ? 'slower' : 'faster'}`;
  const tenantId = ACME.id;
  const variants = [
    { name: 'RLS disabled on crm.leads', url: off.db.appUrl },
    { name: 'RLS enforced (app role)', url: on.db.appUrl },
  ];
  const clients = await Promise.all(variants.map(async (v) => {
    const c = new Client({ connectionString: v.url, options: '-c search_path=crm' });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.request_id', 'bench', true)`, [tenantId, ACME.users[0].id]);
    return c;
  }));
  try {
    const plans: string[] = [];
    const rows: string[] = [];
    for (const c of clients) {
      const explain = await c.query(`EXPLAIN (FORMAT JSON) ${statement.query}`, statement.parameters);
      plans.push(planShape(explain.rows[0]['QUERY PLAN'][0].Plan));
      rows.push(JSON.stringify((await c.query(statement.query, statement.parameters)).rows));
    }
    const times: number[][][] = variants.map(() => []);
    for (const c of clients) for (let i = 0; i < 20; i++) await c.query(statement.query, statement.parameters); // warm-up
    for (let r = 0; r < opts.rounds; r++) {
      for (const i of variants.map((_, k) => (k + r) % variants.length)) {
        const round: number[] = [];
        for (let n = 0; n < opts.iterations; n++) {
          const t = process.hrtime.bigint();
          await clients[i].query(statement.query, statement.parameters);
          round.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        times[i].push(round);
      }
    }
    const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const perRoundRatio = times[1].map((round, r) => avg(times[0][r]) / avg(round));
    const ratio = Math.exp(avg(perRoundRatio.map(Math.log)));
    const r2 = (n: number) => Math.round(n * 100) / 100;
    return variants.map((v, i) => {
      const all = times[i].flat();
      const row: BenchRow = {
        group: GROUP_D_SQL,
        variant: v.name,
        metrics: { 'req/s': r2(1000 / avg(all)), 'p50 ms': r2(pctl(all, 0.5)), 'p99 ms': r2(pctl(all, 0.99)) },
        ratio: i === 0 ? 1 : r2(ratio),
        note: `plan: ${plans[i]}`,
      };
      if (i === 1) {
        const same = rows[0] === rows[1] ? 'identical rows' : 'ROWS DIFFER';
        row.note += `; ${same}; RLS ${pct(1 - ratio)} (target <= 5% slower: ${ratio >= TARGET ? 'met' : 'MISSED'}); req/s = SELECTs/s on one connection; ratio = by mean time, per round (rounds ${r2(Math.min(...perRoundRatio))}-${r2(Math.max(...perRoundRatio))})`;
      } else row.note += '; baseline';
      opts.log(`${GROUP_D_SQL} ${v.name}: mean ${r2(avg(all))} ms, p50 ${r2(pctl(all, 0.5))} ms over ${all.length} SELECTs`);
      return row;
    });
  } finally {
    for (const c of clients) await c.end().catch(() => {});
  }
}

type Plan = { 'Node Type': string; 'Index Name'?: string; 'Scan Direction'?: string; 'Parent Relationship'?: string; Plans?: Plan[] };

/** "Limit > Index Scan Backward (leads_tenant_created_idx)": the plan's main path, top down. */
function planShape(plan: Plan): string {
  const parts: string[] = [];
  // The policy's current_setting() lookup is an InitPlan beside the scan: follow the scan.
  for (let p: Plan | undefined = plan; p; p = p.Plans?.find((c) => c['Parent Relationship'] !== 'InitPlan' && c['Parent Relationship'] !== 'SubPlan')) {
    const dir = p['Scan Direction'] === 'Backward' ? ' Backward' : '';
    parts.push(`${p['Node Type']}${dir}${p['Index Name'] ? ` (${p['Index Name']})` : ''}`);
  }
  return parts.join(' > ');
}

/** The SELECT of leads crm sends for the bench's page, caught on crm's statement logger. */
async function captureLeadsSelect(stack: Stack): Promise<{ query: string; parameters: unknown[] }> {
  const counter = stack.subgraphs.crm.counter;
  const seen: { query: string; parameters: unknown[] }[] = [];
  const original = counter.logQuery;
  counter.logQuery = function (query: string, parameters?: unknown[]) {
    seen.push({ query, parameters: parameters ?? [] });
    return original.call(this, query);
  };
  try {
    const variant = crmDirect('capture', stack);
    const req = await variant.request();
    const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: req.body });
    variant.check((await res.json()) as object);
  } finally {
    counter.logQuery = original;
  }
  const select = seen.find((s) => /^\s*select/i.test(s.query) && /"crm"\."leads"|crm\.leads|"leads"/i.test(s.query));
  if (!select) throw new Error(`(d): no SELECT of leads among crm's statements: ${seen.map((s) => s.query.slice(0, 60)).join(' | ')}`);
  return select;
}
