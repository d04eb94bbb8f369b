import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NotNullable } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { Role } from './role.entity';
import { RolePresetKey } from './role.presets';

const MAX_PERMISSIONS = 200;

@InputType()
export class CreateRoleInput {
  @Field() @Length(1, 100) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 1000) description?: string | null;
  @Field(() => Int, { description: 'Hierarchy level 1..10; at most your own highest level.' }) @Min(1) @Max(10) level: number;
  @Field(() => [String], { description: 'Catalog names or domain wildcards (crm.*); only permissions you hold yourself.' })
  @ArrayMaxSize(MAX_PERMISSIONS)
  permissions: string[];
}

@InputType()
export class UpdateRoleInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 100) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 1000) description?: string | null;
  @Field(() => Int, { nullable: true }) @NotNullable() @Min(1) @Max(10) level?: number;
  @Field(() => [String], { nullable: true, description: 'Replaces the whole set.' }) @NotNullable() @ArrayMaxSize(MAX_PERMISSIONS) permissions?: string[];
}

@InputType()
export class DeleteRoleInput {
  @Field(() => ID) id: string;
}

@InputType()
export class RoleAssignmentInput {
  @Field(() => ID) userId: string;
  @Field(() => ID) roleId: string;
}

@InputType()
export class CreateRoleFromPresetInput {
  @Field(() => RolePresetKey) preset: string;
  @Field(() => String, { nullable: true, description: "The role's name; default the preset's (names are unique in a tenant)." })
  @IsOptional()
  @Length(1, 100)
  name?: string;
}

@ObjectType()
export class RolePayload {
  @Field(() => Role) role: Role;
}

@ObjectType()
export class DeleteRolePayload {
  @Field(() => ID) deletedRoleId: string;
}

@ObjectType()
export class RoleAssignmentPayload {
  @Field(() => User) user: User;
  @Field(() => Role) role: Role;
}
