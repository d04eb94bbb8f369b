import { runSubgraph } from '@leadgraph/shared';
import { conversations } from './index';

void runSubgraph(conversations);
