import { AppError, ErrorCode, type RequestContext } from '@leadgraph/shared';
import { acceptedTotpStep } from '../mfa/mfa.service';
import { recordSecurityEvent } from '../security/security-log.service';
import type { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { isLocked, recordRefusedWhileLocked, registerFailedAttempt } from './lockout';
import type { LoginInput } from './login.inputs';
import { runAsTenant } from './opaque-token';
import { passwordMatches } from './password';
import { reloadUser } from './signed-in-user';

interface LoginCandidate {
  user_id: string;
  tenant_id: string;
  tenant_slug: string;
  password_hash: string;
  user_active: boolean;
  tenant_active: boolean;
}

const invalidCredentials = () => new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password');

/** The active users an email signs in as, before any tenant is known (one per tenant). */
export async function loginCandidates(ctx: RequestContext, email: string, tenantSlug?: string): Promise<LoginCandidate[]> {
  const rows: LoginCandidate[] = await ctx.manager.query('SELECT * FROM identity.login_candidates($1)', [email]);
  return tenantSlug ? rows.filter((r) => r.tenant_slug === tenantSlug) : rows;
}

/**
 * Checks email, password and (once enabled) the TOTP code; answers the signed-in user, with the
 * request's transaction set to their tenant.
 *
 * A locked account answers exactly like a wrong password, whether or not the password is right,
 * and its password is not even looked at. Saying "locked" would tell anyone who tries five times
 * which emails have accounts; saying it only to the right password would turn the lock into an
 * oracle that confirms a guessed password while it is supposed to stop guessing. The owner
 * learns of the lock by mail instead (lockout.ts), and a password reset lifts it.
 */
export async function authenticate(ctx: RequestContext, input: LoginInput): Promise<User> {
  const candidates = await loginCandidates(ctx, input.email, input.tenant);
  if (candidates.length > 1) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'This email belongs to several tenants: pass `tenant` (the tenant slug)');
  }
  const candidate = candidates[0];
  if (!candidate) {
    await passwordMatches(input.password, undefined);
    throw invalidCredentials();
  }

  // From here on the transaction runs as the user's tenant, under RLS like any request.
  await runAsTenant(ctx.manager, candidate.tenant_id);
  const user = await userById(ctx).load(candidate.user_id);
  if (!user) throw invalidCredentials();
  if (isLocked(user.lockedUntil)) {
    await passwordMatches(input.password, undefined); // same time as a checked password
    await recordRefusedWhileLocked(ctx, user);
    throw invalidCredentials();
  }
  if (!(await passwordMatches(input.password, candidate.password_hash))) {
    await registerFailedAttempt(ctx, user, 'login_failed');
    throw invalidCredentials();
  }
  if (!candidate.user_active || !candidate.tenant_active) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled');
  }
  const mfaStep = user.mfaEnabled ? await checkMfaCode(ctx, user, input.mfaCode) : null;
  await markSignedIn(ctx, user, mfaStep);
  return reloadUser(ctx, user.id);
}

/**
 * With MFA on, the right password alone gets 'MFA code required' (the client then asks for the
 * code and sends both again). A wrong code counts as a failed attempt, like a wrong password.
 */
async function checkMfaCode(ctx: RequestContext, user: User, code: string | undefined): Promise<number> {
  if (!code) throw new AppError(ErrorCode.UNAUTHENTICATED, 'MFA code required', { mfaRequired: true });
  const step = await acceptedTotpStep(user, code);
  if (step === null) {
    await registerFailedAttempt(ctx, user, 'mfa_failed');
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid MFA code');
  }
  return step;
}

/** Clears the failure count and records the sign-in (and the TOTP step, so it works once). */
async function markSignedIn(ctx: RequestContext, user: User, mfaStep: number | null): Promise<void> {
  const [, updated]: [unknown, number] = await ctx.manager.query(
    `UPDATE identity.users
        SET failed_login_attempts = 0, locked_until = NULL, last_login_at = now(),
            mfa_last_used_step = coalesce($2, mfa_last_used_step)
      WHERE id = $1 AND ($2::bigint IS NULL OR mfa_last_used_step IS NULL OR mfa_last_used_step < $2)`,
    [user.id, mfaStep],
  );
  // Zero rows: a concurrent sign-in used this very code first.
  if (updated !== 1) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid MFA code');
  await recordSecurityEvent(ctx.manager, { tenantId: user.tenantId, userId: user.id, type: 'login_succeeded', severity: 'low', requestId: ctx.requestId });
}
