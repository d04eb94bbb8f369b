import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode, newId, type RequestContext } from '@leadgraph/shared';
import { deliver } from '../mail/mailer';
import type { User } from '../user/user.entity';
import { EmailVerificationToken } from './one-time-token.entity';
import { hashOpaqueToken, newOpaqueToken, runAsTenant, tenantOfToken } from './opaque-token';

export const EMAIL_VERIFICATION_TTL_HOURS = 24;

export const invalidToken = () =>
  new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid or expired token', { fields: [{ path: 'token', message: 'token is invalid, used or expired' }] });

/** Stores a single-use token (its hash) for the user's current email and mails the token. */
export async function sendEmailVerification(manager: EntityManager, user: Pick<User, 'id' | 'tenantId' | 'email'>): Promise<void> {
  const token = newOpaqueToken();
  await manager.insert(EmailVerificationToken, {
    id: newId(),
    tenantId: user.tenantId,
    userId: user.id,
    email: user.email,
    tokenHash: hashOpaqueToken(token),
    expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_HOURS * 3600_000),
  });
  await deliver({
    to: user.email,
    subject: 'Confirm your email address',
    text: `Confirm this address for leadgraph with the verifyEmail mutation within ${EMAIL_VERIFICATION_TTL_HOURS} hours.\nToken: ${token}`,
  });
}

/**
 * Uses the token (once, before it expires) and marks the email verified, provided the user's
 * email is still the address the token was sent to.
 */
export async function verifyEmail(ctx: RequestContext, token: string): Promise<void> {
  const tokenHash = hashOpaqueToken(token);
  const tenantId = await tenantOfToken(ctx.manager, 'email_verification_token_tenant', tokenHash);
  if (!tenantId) throw invalidToken();
  await runAsTenant(ctx.manager, tenantId);
  const used: { user_id: string; email: string }[] = await ctx.manager.query(
    `WITH used AS (
       UPDATE identity.email_verification_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, email
     )
     SELECT * FROM used`,
    [tokenHash],
  );
  if (used.length !== 1) throw invalidToken();
  const [, verified]: [unknown, number] = await ctx.manager.query(
    `UPDATE identity.users SET email_verified = true WHERE id = $1 AND lower(email) = lower($2)`,
    [used[0].user_id, used[0].email],
  );
  if (verified !== 1) throw invalidToken();
}
