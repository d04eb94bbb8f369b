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
}

@ObjectType()
export class LoginPayload {
  @Field({ description: 'Signed JWT (ES256) to send as `Authorization: Bearer <token>`.' }) accessToken: string;
  @Field() tokenType: string;
  @Field(() => Int, { description: 'Seconds until the access token expires.' }) expiresIn: number;
  @Field(() => User) user: User;
}
