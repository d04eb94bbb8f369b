import { runSubgraph } from '@leadgraph/shared';
import { podcasts } from './index';

void runSubgraph(podcasts);
