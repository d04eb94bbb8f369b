import 'reflect-metadata';
import type { SubgraphModule } from '@leadgraph/shared';
import { CrmInit1764000000000 } from '../migrations/1764000000000-CrmInit';
import { CrmAuditTrail1764100000400 } from '../migrations/1764100000400-CrmAuditTrail';
import { Lead } from './lead/lead.entity';
import { crmDefinition } from './schema';
import { seedCrm } from './seed';

export const crm: SubgraphModule = {
  name: 'crm',
  defaultPort: 4003,
  entities: [Lead],
  migrations: [CrmInit1764000000000, CrmAuditTrail1764100000400],
  definition: crmDefinition,
  seedDemo: seedCrm,
};

export { Lead };
