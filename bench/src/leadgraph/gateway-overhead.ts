import type { BenchRow } from '../report';
import { compare, toRow, type LoadGenerator } from './load';
import { CRM_ONLY_QUERY, THREE_SUBGRAPH_QUERY, crmDirect, viaGateway } from './queries';
import type { Stack } from './stack';

export const GROUP_B = '(b) gateway overhead';

/**
 * (b) What the gateway costs. Only crm's part of the leads query can be asked without the
 * gateway (identity and assessments would be two more calls a client makes and joins itself),
 * so the pair that isolates the gateway is the crm-only query direct vs through the gateway; the
 * three-subgraph query through the gateway is measured in the same rounds for scale.
 */
export async function gatewayOverhead(stack: Stack, opts: { seconds: number; rounds: number; connections: number; load: LoadGenerator; log: (l: string) => void }): Promise<BenchRow[]> {
  const [direct, gateway, three] = await compare({
    group: GROUP_B,
    variants: [
      crmDirect('crm-only query, direct to crm (internal token)', stack),
      viaGateway('crm-only query, through the gateway', stack, CRM_ONLY_QUERY),
      viaGateway('3-subgraph query, through the gateway', stack, THREE_SUBGRAPH_QUERY),
    ],
    baseline: 0,
    ...opts,
  });
  const pct = (x: number) => `${Math.round((1 - x) * 100)}%`;
  const ms = (a: number, b: number) => `${(a - b).toFixed(1)} ms`;
  return [
    toRow(GROUP_B, direct, 'only what crm answers alone; no JWT check, principal lookup or plan'),
    toRow(GROUP_B, gateway, `gateway overhead: ${pct(gateway.ratio)} fewer req/s, p50 +${ms(gateway.p50, direct.p50)}`),
    toRow(GROUP_B, three, `the full query: 1 crm + 2 parallel entity fetches; p50 +${ms(three.p50, gateway.p50)} over crm-only via gateway`),
  ];
}
