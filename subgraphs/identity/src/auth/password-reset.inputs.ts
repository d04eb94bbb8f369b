import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Length, Matches } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

@InputType()
export class RequestPasswordResetInput {
  @Field() @IsEmail() @Length(3, 255) email: string;
  @Field({ nullable: true, description: 'Tenant slug; without it every account of the email gets a mail.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/)
  tenant?: string;
}

@ObjectType()
export class RequestPasswordResetPayload {
  @Field({ description: 'Always true, whether or not the email has an account.' }) ok: boolean;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The token from the password-reset mail.' }) @Length(1, 512) token: string;
  @Field({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword: string;
}

@ObjectType()
export class ResetPasswordPayload {
  @Field() ok: boolean;
}
