import { Field, InputType, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';

@InputType()
export class RefreshTokenInput {
  @Field({ description: 'The refresh token of the last login or refresh.' }) @Length(1, 512) refreshToken: string;
}

@InputType()
export class LogoutInput {
  @Field({ description: 'Any refresh token of the session to end.' }) @Length(1, 512) refreshToken: string;
}

@ObjectType()
export class LogoutPayload {
  @Field({ description: 'Always true: logging out an unknown or ended session is not an error.' }) ok: boolean;
}
