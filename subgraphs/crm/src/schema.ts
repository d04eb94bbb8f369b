import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { LeadResolver, resolveLeadReference } from './lead/lead.resolver';

export const crmDefinition: SubgraphDefinition = {
  name: 'crm',
  resolvers: [LeadResolver],
  references: { Lead: resolveLeadReference },
};

export const buildCrmSchema = (): Promise<GraphQLSchema> => buildSubgraph(crmDefinition);
