import { commitIndependently, newId, type RequestContext } from '@leadgraph/shared';
import { deliver } from '../mail/mailer';
import { recordSecurityEvent } from '../security/security-log.service';
import { revokeUserRefreshTokens } from '../session/session.service';
import { invalidToken } from './email-verification.service';
import { loginCandidates } from './login.service';
import { PasswordResetToken } from './one-time-token.entity';
import { hashOpaqueToken, newOpaqueToken, runAsTenant, tenantOfToken } from './opaque-token';
import { hashPassword } from './password';

export const PASSWORD_RESET_TTL_MINUTES = 30;

/**
 * Mails a reset token to each active account of the email (one per tenant, unless `tenant`
 * narrows it). The caller always gets the same answer, so it learns nothing about accounts.
 * Each token is committed before its mail leaves, so a mailed token always exists.
 */
export async function requestPasswordReset(ctx: RequestContext, email: string, tenantSlug?: string): Promise<void> {
  const accounts = (await loginCandidates(ctx, email, tenantSlug)).filter((a) => a.user_active && a.tenant_active);
  for (const account of accounts) {
    const token = newOpaqueToken();
    await commitIndependently(ctx, account.tenant_id, async (manager) => {
      await manager.insert(PasswordResetToken, {
        id: newId(),
        tenantId: account.tenant_id,
        userId: account.user_id,
        tokenHash: hashOpaqueToken(token),
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
      });
      await recordSecurityEvent(manager, { tenantId: account.tenant_id, userId: account.user_id, type: 'password_reset_requested', severity: 'low', requestId: ctx.requestId });
    });
    await deliver({
      to: email,
      subject: 'Reset your leadgraph password',
      text:
        `Someone asked to reset the password of your account in the "${account.tenant_slug}" tenant. If it was you, ` +
        `set a new one with the resetPassword mutation within ${PASSWORD_RESET_TTL_MINUTES} minutes; otherwise ignore this mail.\n` +
        `Token: ${token}`,
    });
  }
}

/**
 * Uses the token once, before it expires: sets the new password, ends every session of the
 * user (their refresh tokens), lifts a lockout and voids the user's other reset tokens.
 */
export async function resetPassword(ctx: RequestContext, token: string, newPassword: string): Promise<void> {
  const tokenHash = hashOpaqueToken(token);
  const tenantId = await tenantOfToken(ctx.manager, 'password_reset_token_tenant', tokenHash);
  if (!tenantId) throw invalidToken();
  await runAsTenant(ctx.manager, tenantId);
  const used: { user_id: string }[] = await ctx.manager.query(
    `WITH used AS (
       UPDATE identity.password_reset_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id
     )
     SELECT * FROM used`,
    [tokenHash],
  );
  if (used.length !== 1) throw invalidToken();
  const userId = used[0].user_id;

  await ctx.manager.query(
    `UPDATE identity.users
        SET password_hash = $2, password_changed_at = now(), failed_login_attempts = 0, locked_until = NULL
      WHERE id = $1`,
    [userId, await hashPassword(newPassword)],
  );
  await ctx.manager.query(`UPDATE identity.password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  await revokeUserRefreshTokens(ctx.manager, userId, 'password_reset');
  await recordSecurityEvent(ctx.manager, { tenantId, userId, type: 'password_changed', details: { via: 'password_reset' }, requestId: ctx.requestId });
}
