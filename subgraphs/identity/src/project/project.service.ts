import { isUUID } from 'class-validator';
import { AppError, ErrorCode, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { workspaceById } from '../workspace/workspace.loader';
import { Project, ProjectStatus } from './project.entity';
import type { CreateProjectInput, UpdateProjectInput } from './project.inputs';

/** Another tenant's workspace is invisible (RLS), so it is refused exactly like a missing one. */
async function checkWorkspace(ctx: RequestContext, workspaceId: string | null | undefined): Promise<void> {
  if (workspaceId == null) return;
  if (!(await workspaceById(ctx).load(workspaceId))) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Workspace ${workspaceId} was not found`, { field: 'workspaceId' });
  }
}

export async function createProject(ctx: RequestContext, input: CreateProjectInput): Promise<Project> {
  await checkWorkspace(ctx, input.workspaceId);
  const project = ctx.manager.create(Project, {
    ...input,
    status: input.status ?? ProjectStatus.ACTIVE,
    workspaceId: input.workspaceId ?? null,
    id: newId(),
    tenantId: requireTenant(ctx),
  });
  return ctx.manager.save(project);
}

export async function updateProject(ctx: RequestContext, input: UpdateProjectInput): Promise<Project> {
  const { id, ...changes } = input;
  if (!isUUID(id)) throw notFound('Project', id);
  await checkWorkspace(ctx, changes.workspaceId);
  if (Object.keys(changes).length > 0) {
    const result = await ctx.manager.update(Project, { id }, changes);
    if (!result.affected) throw notFound('Project', id);
  }
  const project = await ctx.manager.findOneBy(Project, { id });
  if (!project) throw notFound('Project', id);
  return project;
}

export async function deleteProject(ctx: RequestContext, id: string): Promise<string> {
  if (!isUUID(id)) throw notFound('Project', id);
  const result = await ctx.manager.delete(Project, { id });
  if (!result.affected) throw notFound('Project', id);
  return id;
}
