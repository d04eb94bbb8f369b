import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { AccessControlPolicy } from './policy.entity';
import {
  AccessControlPolicyFilter,
  AccessControlPolicyOrder,
  AccessControlPolicyPayload,
  CreateAccessControlPolicyInput,
  DeleteAccessControlPolicyInput,
  DeleteAccessControlPolicyPayload,
  POLICY_FILTER_COLUMNS,
  POLICY_ORDER_COLUMNS,
  UpdateAccessControlPolicyInput,
} from './policy.inputs';
import { policyById } from './policy.loader';
import { createPolicy, deletePolicy, updatePolicy } from './policy.service';

export const AccessControlPolicyConnection = ConnectionType(AccessControlPolicy);

const DEFINITION_DOC = `policyDefinition: { "effect": "deny", "permissions": ["crm.lead.delete"], "when": <condition> }.
A policy only narrows what roles grant. A condition is an object whose keys must all hold: attributes
principal.roles {contains | containsAny}, principal.userId {eq | ne | in}, principal.kind {eq | ne | in: user, api_key, support},
resource.type {eq | ne | in}, resource.ownedByPrincipal {eq: boolean}; or the combinators all: [...], any: [...], not: {...}.
Example: { "effect": "deny", "permissions": ["crm.lead.delete"], "when": { "principal.roles": { "contains": "sales" }, "resource.ownedByPrincipal": { "eq": false } } }.
An invalid definition is BAD_USER_INPUT with extensions.fields naming each problem.`;

@Resolver(() => AccessControlPolicy)
export class AccessControlPolicyResolver {
  @Requires('identity.policy.read')
  @Query(() => AccessControlPolicy, { nullable: true })
  accessControlPolicy(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<AccessControlPolicy | null> {
    return policyById(ctx).load(id);
  }

  @Requires('identity.policy.read')
  @Query(() => AccessControlPolicyConnection)
  accessControlPolicies(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccessControlPolicyFilter, { nullable: true }) filter?: AccessControlPolicyFilter,
    @Arg('orderBy', () => [AccessControlPolicyOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(AccessControlPolicy, 'policy'),
      args,
      filter: filter as never,
      filterColumns: POLICY_FILTER_COLUMNS,
      orderBy,
      orderColumns: POLICY_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'policy.id',
    });
  }

  @Requires('identity.policy.write')
  @Mutation(() => AccessControlPolicyPayload, { description: DEFINITION_DOC })
  async createAccessControlPolicy(@Arg('input') input: CreateAccessControlPolicyInput, @Ctx() ctx: RequestContext): Promise<AccessControlPolicyPayload> {
    return { accessControlPolicy: await createPolicy(ctx, input) };
  }

  @Requires('identity.policy.write')
  @Mutation(() => AccessControlPolicyPayload, { description: 'Changes a policy; a new policyDefinition is validated as on create.' })
  async updateAccessControlPolicy(@Arg('input') input: UpdateAccessControlPolicyInput, @Ctx() ctx: RequestContext): Promise<AccessControlPolicyPayload> {
    return { accessControlPolicy: await updatePolicy(ctx, input) };
  }

  @Requires('identity.policy.write')
  @Mutation(() => DeleteAccessControlPolicyPayload)
  async deleteAccessControlPolicy(@Arg('input') input: DeleteAccessControlPolicyInput, @Ctx() ctx: RequestContext): Promise<DeleteAccessControlPolicyPayload> {
    return { deletedAccessControlPolicyId: await deletePolicy(ctx, input.id) };
  }
}
