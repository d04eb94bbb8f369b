import type { SubgraphModule } from '@leadgraph/shared';
import { billing } from '@leadgraph/billing';
import { crm } from '@leadgraph/crm';
import { conversations } from '@leadgraph/conversations';
import { podcasts } from '@leadgraph/podcasts';
import { identity } from '@leadgraph/identity';

/** Every subgraph, in port order. The start script, compose script and tests iterate this. */
export const SUBGRAPHS: SubgraphModule[] = [identity, crm, podcasts, conversations, billing];
