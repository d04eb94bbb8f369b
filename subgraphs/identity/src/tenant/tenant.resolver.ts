import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { AppError, ErrorCode, Requires, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Tenant } from './tenant.entity';
import { TenantPayload, UpdateTenantInput } from './tenant.inputs';
import { tenantById } from './tenant.loader';
import { updateTenant } from './tenant.service';

@Resolver(() => Tenant)
export class TenantResolver {
  @Requires('identity.tenant.read')
  @Query(() => Tenant, { description: "The caller's own tenant." })
  async tenant(@Ctx() ctx: RequestContext): Promise<Tenant> {
    const tenant = await tenantById(ctx).load(requireTenant(ctx));
    if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, 'Tenant not found');
    return tenant;
  }

  @Requires('identity.tenant.write')
  @Mutation(() => TenantPayload, { description: "Renames the caller's tenant and/or replaces its settings." })
  async updateTenant(@Arg('input') input: UpdateTenantInput, @Ctx() ctx: RequestContext): Promise<TenantPayload> {
    return { tenant: await updateTenant(ctx, input) };
  }
}

export const resolveTenantReference = (ref: { id: string }, ctx: RequestContext) => tenantById(ctx).load(ref.id);
