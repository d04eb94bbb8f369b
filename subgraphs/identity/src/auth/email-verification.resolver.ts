import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Public, SignedIn, type RequestContext } from '@leadgraph/shared';
import { RequestEmailVerificationPayload, VerifyEmailInput, VerifyEmailPayload } from './email-verification.inputs';
import { EMAIL_VERIFICATION_TTL_HOURS, sendEmailVerification, verifyEmail } from './email-verification.service';
import { signedInUser } from './signed-in-user';

@Resolver()
export class EmailVerificationResolver {
  @SignedIn()
  @Mutation(() => RequestEmailVerificationPayload, { description: `Mails the signed-in user a verification token (valid ${EMAIL_VERIFICATION_TTL_HOURS} hours).` })
  async requestEmailVerification(@Ctx() ctx: RequestContext): Promise<RequestEmailVerificationPayload> {
    const user = await signedInUser(ctx);
    if (!user.emailVerified) await sendEmailVerification(ctx.manager, user);
    return { ok: true };
  }

  @Public()
  @Mutation(() => VerifyEmailPayload, { description: 'Marks the email of the token verified; each token works once.' })
  async verifyEmail(@Arg('input') input: VerifyEmailInput, @Ctx() ctx: RequestContext): Promise<VerifyEmailPayload> {
    await verifyEmail(ctx, input.token);
    return { ok: true };
  }
}
