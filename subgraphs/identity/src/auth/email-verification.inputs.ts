import { Field, InputType, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';

@InputType()
export class VerifyEmailInput {
  @Field({ description: 'The token from the verification mail.' }) @Length(1, 512) token: string;
}

@ObjectType()
export class VerifyEmailPayload {
  @Field() ok: boolean;
}

@ObjectType()
export class RequestEmailVerificationPayload {
  @Field({ description: 'True; no mail is sent when the email is already verified.' }) ok: boolean;
}
