import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Public, type RequestContext } from '@leadgraph/shared';
import { LoginPayload } from '../auth/login.inputs';
import { LogoutInput, LogoutPayload, RefreshTokenInput } from './session.inputs';
import { logout, rotateRefreshToken } from './session.service';

@Resolver()
export class SessionResolver {
  @Public()
  @Mutation(() => LoginPayload, {
    description:
      'Exchanges a refresh token for a new access token and refresh token. Each refresh token works once: ' +
      'presenting one again ends the whole session (every token descended from the same login).',
  })
  refreshToken(@Arg('input') input: RefreshTokenInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    return rotateRefreshToken(ctx, input.refreshToken);
  }

  @Public()
  @Mutation(() => LogoutPayload, { description: 'Ends the session of a refresh token; access tokens already issued run out on their own.' })
  async logout(@Arg('input') input: LogoutInput, @Ctx() ctx: RequestContext): Promise<LogoutPayload> {
    await logout(ctx, input.refreshToken);
    return { ok: true };
  }
}
