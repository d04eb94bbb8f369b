import { runSubgraph } from '@leadgraph/shared';
import { identity } from './index';
import { identityConfig } from './config';

identityConfig(); // fail fast on a missing signing key, before the port opens
void runSubgraph(identity);
