import { runSubgraph } from '@leadgraph/shared';
import { crm } from './index';

void runSubgraph(crm);
