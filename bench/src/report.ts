/** One line of the benchmark table: a measured variant, and its ratio to the baseline of its group. */
export interface BenchRow {
  /** e.g. "(a) federation benchmark". */
  group: string;
  /** e.g. "leadgraph gateway, all plugins on". */
  variant: string;
  /** Named measurements, e.g. { 'req/s': 212.4, 'p50 ms': 180, 'p99 ms': 410, 'CPU ms/req': 6.1 }. */
  metrics: Record<string, number>;
  /** Ratio to the group's baseline for the metric the group is judged by (baseline = 1). */
  ratio?: number;
  /** What the group's target is and whether this row meets it, in words. */
  note?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

/** Prints rows as a Markdown table (pasteable into docs/performance.md). */
export function formatTable(rows: BenchRow[]): string {
  const metricNames = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const header = ['group', 'variant', ...metricNames, 'ratio', 'note'];
  const lines = rows.map((r) => [r.group, r.variant, ...metricNames.map((m) => (m in r.metrics ? fmt(r.metrics[m]) : '')), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`, r.note ?? '']);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
