import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Public, type RequestContext } from '@leadgraph/shared';
import { RequestPasswordResetInput, RequestPasswordResetPayload, ResetPasswordInput, ResetPasswordPayload } from './password-reset.inputs';
import { requestPasswordReset, resetPassword } from './password-reset.service';

@Resolver()
export class PasswordResetResolver {
  @Public()
  @Mutation(() => RequestPasswordResetPayload, { description: 'Mails a single-use reset token (valid 30 minutes) if the email has an account; answers the same either way.' })
  async requestPasswordReset(@Arg('input') input: RequestPasswordResetInput, @Ctx() ctx: RequestContext): Promise<RequestPasswordResetPayload> {
    await requestPasswordReset(ctx, input.email, input.tenant);
    return { ok: true };
  }

  @Public()
  @Mutation(() => ResetPasswordPayload, { description: 'Sets a new password with a reset token and signs the user out everywhere.' })
  async resetPassword(@Arg('input') input: ResetPasswordInput, @Ctx() ctx: RequestContext): Promise<ResetPasswordPayload> {
    await resetPassword(ctx, input.token, input.newPassword);
    return { ok: true };
  }
}
