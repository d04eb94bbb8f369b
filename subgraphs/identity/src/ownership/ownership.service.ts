import { isUUID } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { userById } from '../user/user.loader';
import { ResourceOwnership } from './ownership.entity';
import type { CreateResourceOwnershipInput, UpdateResourceOwnershipInput } from './ownership.inputs';

const constraintOf = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined);

/** Another tenant's user is invisible (RLS), so it is refused exactly like a missing one. */
async function checkOwner(ctx: RequestContext, ownerId: string): Promise<void> {
  if (!(await userById(ctx).load(ownerId))) throw new AppError(ErrorCode.BAD_USER_INPUT, `User ${ownerId} was not found`, { field: 'ownerId' });
}

export async function createOwnership(ctx: RequestContext, input: CreateResourceOwnershipInput): Promise<ResourceOwnership> {
  await checkOwner(ctx, input.ownerId);
  const row = ctx.manager.create(ResourceOwnership, { ...input, id: newId(), tenantId: requireTenant(ctx) });
  try {
    return await ctx.manager.save(row);
  } catch (error) {
    if (constraintOf(error) === 'resource_ownership_resource_key') {
      throw new AppError(ErrorCode.CONFLICT, `${input.resourceType} ${input.resourceId} already has an owner: update that record`, { field: 'resourceId' });
    }
    throw error;
  }
}

export async function updateOwnership(ctx: RequestContext, input: UpdateResourceOwnershipInput): Promise<ResourceOwnership> {
  if (!isUUID(input.id)) throw notFound('ResourceOwnership', input.id);
  await checkOwner(ctx, input.ownerId);
  const result = await ctx.manager.update(ResourceOwnership, { id: input.id }, { ownerId: input.ownerId });
  if (!result.affected) throw notFound('ResourceOwnership', input.id);
  return ctx.manager.findOneByOrFail(ResourceOwnership, { id: input.id });
}

export async function deleteOwnership(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('ResourceOwnership', id);
  const result = await ctx.manager.delete(ResourceOwnership, { id });
  if (!result.affected) throw notFound('ResourceOwnership', id);
  return id;
}
