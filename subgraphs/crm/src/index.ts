import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { CrmInit1764000000000 } from '../migrations/1764000000000-CrmInit';
import { Lead } from './lead/lead.entity';
import { crmDefinition } from './schema';
import { seedCrm } from './seed';

export const crm: SubgraphModule = {
  name: 'crm',
  defaultPort: 4003,
  entities: [Lead],
  migrations: [CrmInit1764000000000],
  definition: crmDefinition,
  seedDemo: seedCrm,
};

export { Lead };
