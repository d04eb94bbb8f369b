import type { SubgraphModule } from '@leadgraph/shared';
import { assessments } from '@leadgraph/assessments';
import { billing } from '@leadgraph/billing';
import { conversations } from '@leadgraph/conversations';
import { crm } from '@leadgraph/crm';
import { identity } from '@leadgraph/identity';
import { podcasts } from '@leadgraph/podcasts';

/** Every subgraph, in port order. The start script, compose script and tests iterate this. */
export const SUBGRAPHS: SubgraphModule[] = [identity, assessments, crm, podcasts, conversations, billing];
