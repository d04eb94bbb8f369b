import type { BenchRow } from '../report';
import { ACME, setLeadCount } from './database';
import { THREE_SUBGRAPH_PAGE_QUERY } from './queries';
import type { Stack } from './stack';

export const GROUP_C = '(c) SQL statements per page';
export const SIZES = [10, 100, 1000];
/** The largest page the API serves; 1000 leads are read as 10 pages of it. */
const PAGE = 100;
const COUNTED = ['crm', 'identity', 'assessments'] as const;
const ADMIN = ACME.users.find((u) => u.role === 'admin')!;

interface PageCount {
  leads: number;
  counts: Record<(typeof COUNTED)[number], number>;
}

/**
 * (c) Statements each subgraph sends to PostgreSQL for one page of the three-subgraph query, for
 * a tenant with 10, 100 or 1000 leads. A page is at most 100 leads, so 1000 leads are read as all
 * 10 pages (following endCursor) and every page is counted: no N+1 means the same count on every
 * page whatever the list size, with the page's 100 references batched into one lookup each.
 */
export async function statementsPerPage(stack: Stack, log: (l: string) => void): Promise<BenchRow[]> {
  const send = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(ADMIN.email)}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(`(c): ${JSON.stringify(body.errors).slice(0, 300)}`);
    return body.data;
  };
  const page = async (after: string | null): Promise<PageCount & { next: string | null }> => {
    // Refreshes the gateway's cached principal (5 s), so its lookup in identity is not counted.
    await send('{ __typename }');
    for (const name of COUNTED) stack.subgraphs[name].counter.reset();
    const data = await send(THREE_SUBGRAPH_PAGE_QUERY, { first: PAGE, after });
    const counts = Object.fromEntries(COUNTED.map((n) => [n, stack.subgraphs[n].counter.count])) as PageCount['counts'];
    const edges = data.leads.edges as { node: { assignedTo: { email: string } | null; sourceResponse: { totalScore: number } | null } }[];
    if (!edges.every((e) => e.node.assignedTo?.email && typeof e.node.sourceResponse?.totalScore === 'number')) {
      throw new Error('(c): a lead came back without its salesperson or response');
    }
    return { leads: edges.length, counts, next: data.leads.pageInfo.hasNextPage ? data.leads.pageInfo.endCursor : null };
  };

  const rows: BenchRow[] = [];
  let baselinePerPage: number | undefined;
  for (const size of SIZES) {
    await setLeadCount(stack.db.ownerUrl, ACME, size);
    const pages: PageCount[] = [];
    let after: string | null = null;
    do {
      const p = await page(after);
      pages.push(p);
      after = p.next;
    } while (after);
    const leads = pages.reduce((n, p) => n + p.leads, 0);
    if (leads !== size) throw new Error(`(c): read ${leads} leads of ${size}`);
    const perPage = (n: (typeof COUNTED)[number]) => Math.max(...pages.map((p) => p.counts[n]));
    const varies = COUNTED.filter((n) => new Set(pages.map((p) => p.counts[n])).size > 1);
    const total = COUNTED.reduce((sum, n) => sum + perPage(n), 0);
    baselinePerPage ??= total;
    log(`${GROUP_C} ${size} leads: ${pages.map((p) => COUNTED.map((n) => p.counts[n]).join('/')).join(', ')} (crm/identity/assessments per page)`);
    rows.push({
      group: GROUP_C,
      variant: `${size} leads: ${pages.length} page${pages.length > 1 ? 's' : ''} of ${Math.min(size, PAGE)}`,
      metrics: {
        'SQL/page crm': perPage('crm'),
        'SQL/page identity': perPage('identity'),
        'SQL/page assessments': perPage('assessments'),
        'SQL total': pages.reduce((sum, p) => sum + COUNTED.reduce((s, n) => s + p.counts[n], 0), 0),
      },
      ratio: total / baselinePerPage,
      note: [
        varies.length ? `count varies between pages in ${varies.join(', ')} (max shown)` : 'same count on every page',
        `target constant per page: ${total === baselinePerPage && !varies.length ? 'met' : 'MISSED'}`,
        'ratio = SQL/page vs 10 leads',
      ].join('; '),
    });
  }
  return rows;
}
