import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Public, type RequestContext } from '@leadgraph/shared';
import { startSession } from '../session/session.service';
import { LoginInput, LoginPayload } from './login.inputs';
import { authenticate } from './login.service';

@Resolver()
export class LoginResolver {
  @Public()
  @Mutation(() => LoginPayload, {
    description:
      'Exchanges email and password (and, once MFA is enabled, `mfaCode`) for an access token and a refresh token. ' +
      'After repeated failures the account is locked for a while and answers like a wrong password.',
  })
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const user = await authenticate(ctx, input);
    return startSession(ctx, user);
  }
}
