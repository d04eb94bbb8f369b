import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { BooleanFilter, DateTimeFilter, IDFilter, NotNullable, OrderInput, StringFilter } from '@leadgraph/shared';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password';
import { User } from './user.entity';

@InputType({ description: 'Filter users; fields combine with AND.' })
export class UserFilter {
  @Field(() => StringFilter, { nullable: true }) email?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => BooleanFilter, { nullable: true }) isActive?: BooleanFilter;
  @Field(() => IDFilter, { nullable: true }) managerId?: IDFilter;
  @Field(() => IDFilter, { nullable: true }) workspaceId?: IDFilter;
  @Field(() => DateTimeFilter, { nullable: true }) createdAt?: DateTimeFilter;
  @Field(() => [UserFilter], { nullable: true }) and?: UserFilter[];
  @Field(() => [UserFilter], { nullable: true }) or?: UserFilter[];
  @Field(() => UserFilter, { nullable: true }) not?: UserFilter;
}

export const USER_FILTER_COLUMNS = {
  email: 'u.email',
  name: 'u.name',
  isActive: 'u.is_active',
  managerId: 'u.manager_id',
  workspaceId: 'u.workspace_id',
  createdAt: 'u.created_at',
};

export enum UserOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
}
export const UserOrder = OrderInput(UserOrderField, 'User');

const USERNAME = /^[A-Za-z0-9._-]+$/;

@InputType({ description: 'A member created by a tenant admin.' })
export class CreateUserInput {
  @Field() @IsEmail() @Length(3, 255) email: string;
  @Field() @Length(1, 255) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) @Matches(USERNAME, { message: 'username may hold letters, digits, dot, dash and underscore' }) username?: string | null;
  @Field({ description: `Initial password (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters).` })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;
  @Field(() => [ID], { description: 'Roles to give; only roles you could assign yourself.' }) @ArrayMaxSize(20) roleIds: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() managerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() workspaceId?: string | null;
}

/** Omitted fields keep their value; null clears the nullable ones. */
@InputType()
export class UpdateUserInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @NotNullable() @IsString() @Length(1, 255) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) lastName?: string | null;
  @Field(() => ID, { nullable: true, description: 'The manager (004 hierarchy); a change that would make a cycle is refused.' })
  @IsOptional()
  managerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() workspaceId?: string | null;
}

@InputType()
export class DeactivateUserInput {
  @Field(() => ID) id: string;
}

@InputType()
export class ReactivateUserInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class UserPayload {
  @Field(() => User) user: User;
}

@ArgsType()
export class UserReportsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'How many direct reports (max 100).' }) @Min(0) @Max(100) first: number;
}
