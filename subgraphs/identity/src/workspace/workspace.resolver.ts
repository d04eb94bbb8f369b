import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Workspace } from './workspace.entity';
import {
  CreateWorkspaceInput,
  DeleteWorkspaceInput,
  DeleteWorkspacePayload,
  UpdateWorkspaceInput,
  WORKSPACE_FILTER_COLUMNS,
  WORKSPACE_ORDER_COLUMNS,
  WorkspaceFilter,
  WorkspaceOrder,
  WorkspacePayload,
} from './workspace.inputs';
import { workspaceById } from './workspace.loader';
import { createWorkspace, deleteWorkspace, updateWorkspace } from './workspace.service';

export const WorkspaceConnection = ConnectionType(Workspace);

@Resolver(() => Workspace)
export class WorkspaceResolver {
  @Requires('identity.workspace.read')
  @Query(() => Workspace, { nullable: true, description: 'A workspace of your tenant, or null.' })
  workspace(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Workspace | null> {
    return workspaceById(ctx).load(id);
  }

  @Requires('identity.workspace.read')
  @Query(() => WorkspaceConnection)
  workspaces(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => WorkspaceFilter, { nullable: true }) filter?: WorkspaceFilter,
    @Arg('orderBy', () => [WorkspaceOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Workspace, 'workspace'),
      args,
      filter: filter as never,
      filterColumns: WORKSPACE_FILTER_COLUMNS,
      orderBy,
      orderColumns: WORKSPACE_ORDER_COLUMNS,
      defaultOrder: [{ field: 'NAME', direction: OrderDirection.ASC }],
      idColumn: 'workspace.id',
    });
  }

  @Requires('identity.workspace.write')
  @Mutation(() => WorkspacePayload)
  async createWorkspace(@Arg('input') input: CreateWorkspaceInput, @Ctx() ctx: RequestContext): Promise<WorkspacePayload> {
    return { workspace: await createWorkspace(ctx, input) };
  }

  @Requires('identity.workspace.write')
  @Mutation(() => WorkspacePayload)
  async updateWorkspace(@Arg('input') input: UpdateWorkspaceInput, @Ctx() ctx: RequestContext): Promise<WorkspacePayload> {
    return { workspace: await updateWorkspace(ctx, input) };
  }

  @Requires('identity.workspace.write')
  @Mutation(() => DeleteWorkspacePayload, { description: 'Deletes the workspace; its projects and users stay, without a workspace.' })
  async deleteWorkspace(@Arg('input') input: DeleteWorkspaceInput, @Ctx() ctx: RequestContext): Promise<DeleteWorkspacePayload> {
    return { deletedWorkspaceId: await deleteWorkspace(ctx, input.id) };
  }
}

export const resolveWorkspaceReference = (ref: { id: string }, ctx: RequestContext) => workspaceById(ctx).load(ref.id);
