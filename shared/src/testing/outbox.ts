import { drainOutbox } from '../outbox/relay';
import { TEST_INTERNAL_SECRET, type TestSubgraph } from './subgraph';

/** Identity's base URL (what IDENTITY_INTERNAL_URL would be) from its test server. */
export const baseUrlOf = (subgraph: TestSubgraph): string => subgraph.url.replace(/\/graphql$/, '');

/**
 * Delivers every pending audit event of `subgraphs` to `identity` now, as the background relay
 * would, and returns how many were delivered per subgraph. Tests call it instead of waiting.
 */
export async function flushAuditTrail(subgraphs: TestSubgraph[], identity: TestSubgraph): Promise<Record<string, number>> {
  const delivered: Record<string, number> = {};
  for (const subgraph of subgraphs) {
    delivered[subgraph.name] = await drainOutbox({
      dataSource: subgraph.dataSource,
      domain: subgraph.name,
      identityUrl: baseUrlOf(identity),
      internalTokenSecret: TEST_INTERNAL_SECRET,
    });
  }
  return delivered;
}
