import { Field, InputType } from 'type-graphql';
import { IsEmail, Length, Matches } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

@InputType()
export class SignUpInput {
  @Field({ description: 'Name of the new organisation; its slug is derived from it.' })
  @Length(1, 255)
  @Matches(/\S/, { message: 'tenantName must not be blank' })
  tenantName: string;
  @Field() @IsEmail() @Length(3, 255) email: string;
  @Field({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;
  @Field({ description: "The first admin's full name." })
  @Length(1, 255)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
}
