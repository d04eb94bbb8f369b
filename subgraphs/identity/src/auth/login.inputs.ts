import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Length, Matches } from 'class-validator';
import { User } from '../user/user.entity';

@InputType()
export class LoginInput {
  @Field() @IsEmail() @Length(3, 255) email: string;
  @Field() @Length(1, 200) password: string;
  @Field({ nullable: true, description: 'Tenant slug; needed only when the email belongs to several tenants.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/)
  tenant?: string;
  @Field({ nullable: true, description: 'The current 6-digit code of the authenticator app; required once MFA is enabled.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'mfaCode must be 6 digits' })
  mfaCode?: string;
}

/** What login, signUp and refreshToken answer: a new session. */
@ObjectType()
export class LoginPayload {
  @Field({ description: 'Signed JWT (ES256) to send as `Authorization: Bearer <token>`.' }) accessToken: string;
  @Field() tokenType: string;
  @Field(() => Int, { description: 'Seconds until the access token expires.' }) expiresIn: number;
  @Field({ description: 'Opaque, single use: exchange it with refreshToken for a new pair before it expires. Keep it secret.' })
  refreshToken: string;
  @Field() refreshTokenExpiresAt: Date;
  @Field(() => User) user: User;
}
