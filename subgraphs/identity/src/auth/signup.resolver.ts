import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Public, type RequestContext } from '@leadgraph/shared';
import { startSession } from '../session/session.service';
import { LoginPayload } from './login.inputs';
import { SignUpInput } from './signup.inputs';
import { signUp } from './signup.service';

@Resolver()
export class SignUpResolver {
  @Public()
  @Mutation(() => LoginPayload, {
    description: 'Creates a tenant with the preset roles and its first user as admin, signs that user in and mails an email verification.',
  })
  async signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const user = await signUp(ctx, input);
    return startSession(ctx, user);
  }
}
