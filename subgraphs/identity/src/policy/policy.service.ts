import { isUUID } from 'class-validator';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { checkPermissionNames } from '../permission/permission.service';
import { policyDefinitionProblems, type PolicyDefinition } from './policy.definition';
import { AccessControlPolicy } from './policy.entity';
import type { CreateAccessControlPolicyInput, UpdateAccessControlPolicyInput } from './policy.inputs';

/** The shape first (every problem at once, each with its path), then the names against the catalog. */
async function checkDefinition(ctx: RequestContext, definition: Record<string, unknown>): Promise<PolicyDefinition> {
  const problems = policyDefinitionProblems(definition);
  if (problems.length > 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${problems.map((p) => p.message).join('; ')}`, { fields: problems });
  }
  const valid = definition as unknown as PolicyDefinition;
  return { ...valid, permissions: await checkPermissionNames(ctx, valid.permissions, 'policyDefinition.permissions') };
}

export async function createPolicy(ctx: RequestContext, input: CreateAccessControlPolicyInput): Promise<AccessControlPolicy> {
  const policyDefinition = await checkDefinition(ctx, input.policyDefinition);
  const policy = ctx.manager.create(AccessControlPolicy, {
    ...input,
    policyDefinition,
    enabled: input.enabled ?? true,
    id: newId(),
    tenantId: requireTenant(ctx),
    createdBy: ctx.principal.userId,
    updatedBy: ctx.principal.userId,
  });
  return ctx.manager.save(policy);
}

export async function updatePolicy(ctx: RequestContext, input: UpdateAccessControlPolicyInput): Promise<AccessControlPolicy> {
  const { id, policyDefinition, ...changes } = input;
  if (!isUUID(id)) throw notFound('AccessControlPolicy', id);
  const values: Partial<AccessControlPolicy> = { ...changes, updatedBy: ctx.principal.userId };
  if (policyDefinition !== undefined) values.policyDefinition = await checkDefinition(ctx, policyDefinition);
  const result = await ctx.manager.update(AccessControlPolicy, { id }, values as never);
  if (!result.affected) throw notFound('AccessControlPolicy', id);
  return ctx.manager.findOneByOrFail(AccessControlPolicy, { id });
}

export async function deletePolicy(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('AccessControlPolicy', id);
  const result = await ctx.manager.delete(AccessControlPolicy, { id });
  if (!result.affected) throw notFound('AccessControlPolicy', id);
  return id;
}
