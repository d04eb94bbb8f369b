import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode, type RequestContext } from '@leadgraph/shared';
import { isLocked, registerFailedAttempt, secondsLocked } from '../auth/lockout';
import { reloadUser, signedInUser } from '../auth/signed-in-user';
import { identityConfig } from '../config';
import { recordSecurityEvent } from '../security/security-log.service';
import { User } from '../user/user.entity';
import { openSecret, sealSecret } from './secret-box';
import { matchTotp, newTotpSecret, totpUri } from './totp';

export const invalidMfaCode = () =>
  new AppError(ErrorCode.BAD_USER_INPUT, 'Invalid MFA code', { fields: [{ path: 'code', message: 'code is not valid now' }] });

/**
 * The TOTP time step `code` belongs to, if it is valid for the user's secret and later than the
 * last step the user used (a code works once, RFC 6238 §5.2); null otherwise.
 */
export async function acceptedTotpStep(user: User, code: string): Promise<number | null> {
  if (!user.mfaSecretEncrypted) return null;
  const lastUsed = user.mfaLastUsedStep === null ? undefined : Number(user.mfaLastUsedStep);
  return matchTotp(openSecret(user.mfaSecretEncrypted, user.id), code, lastUsed);
}

/** Marks `step` used; false when a concurrent request used it (or a later one) first. */
export async function consumeTotpStep(manager: EntityManager, userId: string, step: number): Promise<boolean> {
  const [, count]: [unknown, number] = await manager.query(
    `UPDATE identity.users SET mfa_last_used_step = $2 WHERE id = $1 AND (mfa_last_used_step IS NULL OR mfa_last_used_step < $2)`,
    [userId, step],
  );
  return count === 1;
}

/**
 * Starts enrolment: a new secret stored sealed, MFA still off until `confirmMfa` proves the
 * authenticator has it. The secret is shown this once.
 */
export async function enrollMfa(ctx: RequestContext): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await signedInUser(ctx);
  if (user.mfaEnabled) throw new AppError(ErrorCode.CONFLICT, 'MFA is already enabled: disable it before enrolling another authenticator');
  const secret = newTotpSecret();
  await ctx.manager.update(User, { id: user.id }, { mfaSecretEncrypted: sealSecret(secret, user.id), mfaLastUsedStep: null });
  return { secret, otpauthUrl: totpUri(secret, identityConfig().MFA_ISSUER, user.email) };
}

export async function confirmMfa(ctx: RequestContext, code: string): Promise<User> {
  const user = await signedInUser(ctx);
  if (user.mfaEnabled) throw new AppError(ErrorCode.CONFLICT, 'MFA is already enabled');
  if (!user.mfaSecretEncrypted) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Nothing to confirm: call enrollMfa first');
  const step = await acceptedTotpStep(user, code);
  if (step === null || !(await consumeTotpStep(ctx.manager, user.id, step))) throw invalidMfaCode();
  await ctx.manager.update(User, { id: user.id }, { mfaEnabled: true });
  await recordSecurityEvent(ctx.manager, { tenantId: user.tenantId, userId: user.id, type: 'mfa_enabled', severity: 'low', requestId: ctx.requestId });
  return reloadUser(ctx, user.id);
}

/**
 * Turning the second factor off needs a current code. Wrong codes count towards the lockout
 * like wrong passwords do, so a stolen session cannot try codes until one fits.
 */
export async function disableMfa(ctx: RequestContext, code: string): Promise<User> {
  const user = await signedInUser(ctx);
  if (!user.mfaEnabled) throw new AppError(ErrorCode.CONFLICT, 'MFA is not enabled');
  if (user.lockedUntil && isLocked(user.lockedUntil)) {
    throw new AppError(ErrorCode.RATE_LIMITED, 'Too many failed attempts: try again later', { retryAfter: secondsLocked(user.lockedUntil) });
  }
  const step = await acceptedTotpStep(user, code);
  if (step === null) {
    await registerFailedAttempt(ctx, user, 'mfa_failed');
    throw invalidMfaCode();
  }
  if (!(await consumeTotpStep(ctx.manager, user.id, step))) throw invalidMfaCode();
  await ctx.manager.update(User, { id: user.id }, { mfaEnabled: false, mfaSecretEncrypted: null, mfaLastUsedStep: null });
  await recordSecurityEvent(ctx.manager, { tenantId: user.tenantId, userId: user.id, type: 'mfa_disabled', severity: 'medium', requestId: ctx.requestId });
  return reloadUser(ctx, user.id);
}
