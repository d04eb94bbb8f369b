import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { SignedIn, type RequestContext } from '@leadgraph/shared';
import { ConfirmMfaPayload, DisableMfaPayload, EnrollMfaPayload, MfaCodeInput } from './mfa.inputs';
import { confirmMfa, disableMfa, enrollMfa } from './mfa.service';

@Resolver()
export class MfaResolver {
  @SignedIn()
  @Mutation(() => EnrollMfaPayload, { description: 'Starts TOTP enrolment for the signed-in user: a new secret to add to an authenticator app.' })
  enrollMfa(@Ctx() ctx: RequestContext): Promise<EnrollMfaPayload> {
    return enrollMfa(ctx);
  }

  @SignedIn()
  @Mutation(() => ConfirmMfaPayload, { description: 'Turns MFA on with a code from the newly enrolled authenticator; login then requires `mfaCode`.' })
  async confirmMfa(@Arg('input') input: MfaCodeInput, @Ctx() ctx: RequestContext): Promise<ConfirmMfaPayload> {
    return { user: await confirmMfa(ctx, input.code) };
  }

  @SignedIn()
  @Mutation(() => DisableMfaPayload, { description: 'Turns MFA off; needs a current code.' })
  async disableMfa(@Arg('input') input: MfaCodeInput, @Ctx() ctx: RequestContext): Promise<DisableMfaPayload> {
    return { user: await disableMfa(ctx, input.code) };
  }
}
