import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { DateTimeFilter, IDFilter, NotNullable, OrderInput, StringFilter, enumFilter } from '@leadgraph/shared';
import { Project, ProjectStatus } from './project.entity';

const ProjectStatusFilter = enumFilter(ProjectStatus, 'ProjectStatus');

@InputType({ description: 'Filter projects; fields combine with AND.' })
export class ProjectFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => ProjectStatusFilter, { nullable: true }) status?: InstanceType<typeof ProjectStatusFilter>;
  @Field(() => IDFilter, { nullable: true }) workspaceId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [ProjectFilter], { nullable: true }) and?: ProjectFilter[];
  @Field(() => [ProjectFilter], { nullable: true }) or?: ProjectFilter[];
  @Field(() => ProjectFilter, { nullable: true }) not?: ProjectFilter;
}

export const PROJECT_FILTER_COLUMNS = {
  name: 'project.name',
  status: 'project.status',
  workspaceId: 'project.workspace_id',
  createdAt: 'project.created_at',
};

export enum ProjectOrderField {
  NAME = 'NAME',
  STATUS = 'STATUS',
  CREATED_AT = 'CREATED_AT',
}
export const ProjectOrder = OrderInput(ProjectOrderField, 'Project');

export const PROJECT_ORDER_COLUMNS: Record<ProjectOrderField, { sql: string; property: keyof Project & string }> = {
  NAME: { sql: 'project.name', property: 'name' },
  STATUS: { sql: 'project.status', property: 'status' },
  CREATED_AT: { sql: 'project.created_at', property: 'createdAt' },
};

@InputType()
export class CreateProjectInput {
  @Field() @Length(1, 255) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => ProjectStatus, { nullable: true, description: 'Default ACTIVE.' }) @IsOptional() status?: ProjectStatus;
  @Field(() => ID, { nullable: true }) @IsOptional() workspaceId?: string | null;
}

@InputType()
export class UpdateProjectInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
  @Field(() => ProjectStatus, { nullable: true }) @NotNullable() status?: ProjectStatus;
  @Field(() => ID, { nullable: true, description: 'null takes the project out of its workspace.' }) @IsOptional() workspaceId?: string | null;
}

@InputType()
export class DeleteProjectInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class ProjectPayload {
  @Field(() => Project) project: Project;
}

@ObjectType()
export class DeleteProjectPayload {
  @Field(() => ID) deletedProjectId: string;
}
