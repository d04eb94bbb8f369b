import type { GraphQLSchema } from 'graphql';
import { buildSubgraph, type SubgraphDefinition } from '@leadgraph/shared';
import { LoginResolver } from './auth/login.resolver';
import { RoleResolver, resolveRoleReference } from './role/role.resolver';
import { TenantResolver, resolveTenantReference } from './tenant/tenant.resolver';
import { UserResolver, resolveUserReference } from './user/user.resolver';

export const identityDefinition: SubgraphDefinition = {
  name: 'identity',
  resolvers: [LoginResolver, UserResolver, TenantResolver, RoleResolver],
  references: { User: resolveUserReference, Tenant: resolveTenantReference, Role: resolveRoleReference },
};

export const buildIdentitySchema = (): Promise<GraphQLSchema> => buildSubgraph(identityDefinition);
