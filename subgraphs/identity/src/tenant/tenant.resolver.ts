import { Ctx, Query, Resolver } from 'type-graphql';
import { AppError, ErrorCode, Requires, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Tenant } from './tenant.entity';
import { tenantById } from './tenant.loader';

@Resolver(() => Tenant)
export class TenantResolver {
  @Requires('identity.tenant.read')
  @Query(() => Tenant, { description: "The caller's own tenant." })
  async tenant(@Ctx() ctx: RequestContext): Promise<Tenant> {
    const tenant = await tenantById(ctx).load(requireTenant(ctx));
    if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, 'Tenant not found');
    return tenant;
  }
}

export const resolveTenantReference = (ref: { id: string }, ctx: RequestContext) => tenantById(ctx).load(ref.id);
