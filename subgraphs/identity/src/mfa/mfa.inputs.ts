import { Field, InputType, ObjectType } from 'type-graphql';
import { Matches } from 'class-validator';
import { User } from '../user/user.entity';

@InputType()
export class MfaCodeInput {
  @Field({ description: 'The current 6-digit code of the authenticator app.' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

@ObjectType()
export class EnrollMfaPayload {
  @Field({ description: 'Base32 TOTP secret, shown this once; MFA is on only after confirmMfa.' }) secret: string;
  @Field({ description: 'otpauth:// URI for a QR code that authenticator apps scan.' }) otpauthUrl: string;
}

@ObjectType()
export class ConfirmMfaPayload {
  @Field(() => User) user: User;
}

@ObjectType()
export class DisableMfaPayload {
  @Field(() => User) user: User;
}
