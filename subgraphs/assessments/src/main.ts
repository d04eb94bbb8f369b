import { runSubgraph } from '@leadgraph/shared';
import { assessments } from './index';

void runSubgraph(assessments);
