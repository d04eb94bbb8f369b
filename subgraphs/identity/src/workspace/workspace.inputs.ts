import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { DateTimeFilter, NotNullable, OrderInput, StringFilter } from '@leadgraph/shared';
import { Workspace } from './workspace.entity';

@InputType({ description: 'Filter workspaces; fields combine with AND.' })
export class WorkspaceFilter {
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [WorkspaceFilter], { nullable: true }) and?: WorkspaceFilter[];
  @Field(() => [WorkspaceFilter], { nullable: true }) or?: WorkspaceFilter[];
  @Field(() => WorkspaceFilter, { nullable: true }) not?: WorkspaceFilter;
}

export const WORKSPACE_FILTER_COLUMNS = { name: 'workspace.name', createdAt: 'workspace.created_at' };

export enum WorkspaceOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
export const WorkspaceOrder = OrderInput(WorkspaceOrderField, 'Workspace');

export const WORKSPACE_ORDER_COLUMNS: Record<WorkspaceOrderField, { sql: string; property: keyof Workspace & string }> = {
  NAME: { sql: 'workspace.name', property: 'name' },
  CREATED_AT: { sql: 'workspace.created_at', property: 'createdAt' },
};

@InputType()
export class CreateWorkspaceInput {
  @Field() @Length(1, 255) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
}

@InputType()
export class UpdateWorkspaceInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 10_000) description?: string | null;
}

@InputType()
export class DeleteWorkspaceInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class WorkspacePayload {
  @Field(() => Workspace) workspace: Workspace;
}

@ObjectType()
export class DeleteWorkspacePayload {
  @Field(() => ID) deletedWorkspaceId: string;
}
