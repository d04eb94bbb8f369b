import { AppError, ErrorCode, requireTenant, type RequestContext } from '@leadgraph/shared';
import { replaceTenantSettings } from '../settings/settings.service';
import { Tenant } from './tenant.entity';
import type { UpdateTenantInput } from './tenant.inputs';

/** The caller's own tenant: which tenant is never an argument. */
export async function updateTenant(ctx: RequestContext, input: UpdateTenantInput): Promise<Tenant> {
  const id = requireTenant(ctx);
  if (input.name !== undefined) {
    const result = await ctx.manager.update(Tenant, { id }, { name: input.name });
    if (!result.affected) throw new AppError(ErrorCode.NOT_FOUND, 'Tenant not found');
  }
  if (input.settings !== undefined) await replaceTenantSettings(ctx, input.settings);
  const tenant = await ctx.manager.findOneBy(Tenant, { id });
  if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, 'Tenant not found');
  return tenant;
}
