import { isUUID } from 'class-validator';
import { newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { Workspace } from './workspace.entity';
import type { CreateWorkspaceInput, UpdateWorkspaceInput } from './workspace.inputs';

export async function createWorkspace(ctx: RequestContext, input: CreateWorkspaceInput): Promise<Workspace> {
  return ctx.manager.save(ctx.manager.create(Workspace, { ...input, id: newId(), tenantId: requireTenant(ctx) }));
}

export async function updateWorkspace(ctx: RequestContext, input: UpdateWorkspaceInput): Promise<Workspace> {
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Workspace', id);
  // RLS hides other tenants' rows: their id updates nothing, exactly like a missing one.
  if (Object.keys(changes).length > 0) {
    const result = await ctx.manager.update(Workspace, { id }, changes);
    if (!result.affected) throw notFound('Workspace', id);
  }
  const workspace = await ctx.manager.findOneBy(Workspace, { id });
  if (!workspace) throw notFound('Workspace', id);
  return workspace;
}

/** Its projects and users stay, without a workspace (the foreign keys set it to null). */
export async function deleteWorkspace(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('Workspace', id);
  const result = await ctx.manager.delete(Workspace, { id });
  if (!result.affected) throw notFound('Workspace', id);
  return id;
}
