import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, OrderDirection, Requires, paginate, type RequestContext, type SortSpec } from '@leadgraph/shared';
import { Workspace } from '../workspace/workspace.entity';
import { workspaceById } from '../workspace/workspace.loader';
import { Project } from './project.entity';
import {
  CreateProjectInput,
  DeleteProjectInput,
  DeleteProjectPayload,
  PROJECT_FILTER_COLUMNS,
  PROJECT_ORDER_COLUMNS,
  ProjectFilter,
  ProjectOrder,
  ProjectPayload,
  UpdateProjectInput,
} from './project.inputs';
import { projectById } from './project.loader';
import { createProject, deleteProject, updateProject } from './project.service';

export const ProjectConnection = ConnectionType(Project);

@Resolver(() => Project)
export class ProjectResolver {
  @Requires('identity.project.read')
  @Query(() => Project, { nullable: true, description: 'A project of your tenant, or null.' })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Project | null> {
    return projectById(ctx).load(id);
  }

  @Requires('identity.project.read')
  @Query(() => ProjectConnection, { description: "The tenant's projects; filter by workspaceId for one workspace's." })
  projects(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
    @Arg('orderBy', () => [ProjectOrder], { nullable: true }) orderBy?: SortSpec[],
  ) {
    return paginate({
      qb: ctx.manager.createQueryBuilder(Project, 'project'),
      args,
      filter: filter as never,
      filterColumns: PROJECT_FILTER_COLUMNS,
      orderBy,
      orderColumns: PROJECT_ORDER_COLUMNS,
      defaultOrder: [{ field: 'CREATED_AT', direction: OrderDirection.DESC }],
      idColumn: 'project.id',
    });
  }

  @Requires('identity.project.write')
  @Mutation(() => ProjectPayload)
  async createProject(@Arg('input') input: CreateProjectInput, @Ctx() ctx: RequestContext): Promise<ProjectPayload> {
    return { project: await createProject(ctx, input) };
  }

  @Requires('identity.project.write')
  @Mutation(() => ProjectPayload)
  async updateProject(@Arg('input') input: UpdateProjectInput, @Ctx() ctx: RequestContext): Promise<ProjectPayload> {
    return { project: await updateProject(ctx, input) };
  }

  @Requires('identity.project.write')
  @Mutation(() => DeleteProjectPayload)
  async deleteProject(@Arg('input') input: DeleteProjectInput, @Ctx() ctx: RequestContext): Promise<DeleteProjectPayload> {
    return { deletedProjectId: await deleteProject(ctx, input.id) };
  }

  @FieldResolver(() => Workspace, { nullable: true })
  workspace(@Root() project: Project, @Ctx() ctx: RequestContext): Promise<Workspace | null> | null {
    return project.workspaceId ? workspaceById(ctx).load(project.workspaceId) : null;
  }
}

export const resolveProjectReference = (ref: { id: string }, ctx: RequestContext) => projectById(ctx).load(ref.id);
