import { runSubgraph } from '@leadgraph/shared';
import { billing } from './index';

void runSubgraph(billing);
