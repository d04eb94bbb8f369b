import type { SubgraphModule } from '@leadgraph/shared';
import { crm } from '@leadgraph/crm';
import { identity } from '@leadgraph/identity';

/** Every subgraph, in port order. The start script, compose script and tests iterate this. */
export const SUBGRAPHS: SubgraphModule[] = [identity, crm];
