import { commitIndependently, type RequestContext } from '@leadgraph/shared';
import { identityConfig } from '../config';
import { deliver } from '../mail/mailer';
import { recordSecurityEvent } from '../security/security-log.service';

interface Account {
  id: string;
  tenantId: string;
  email: string;
}

export const isLocked = (lockedUntil: Date | null, now = new Date()): boolean => lockedUntil !== null && lockedUntil > now;

/** Seconds until a lock ends, for `retryAfter`. */
export const secondsLocked = (lockedUntil: Date, now = new Date()): number => Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));

/**
 * Counts one wrong credential (password, or MFA code) and locks the account for
 * LOGIN_LOCK_MINUTES once LOGIN_MAX_FAILED_ATTEMPTS failures follow one another. It commits on
 * its own transaction: the login answers with an error, which rolls the request back.
 * After a lock has run out the count starts again at 1, so the next failure does not relock.
 */
export async function registerFailedAttempt(ctx: RequestContext, account: Account, type: 'login_failed' | 'mfa_failed'): Promise<void> {
  const { LOGIN_MAX_FAILED_ATTEMPTS: max, LOGIN_LOCK_MINUTES: minutes } = identityConfig();
  const lockedUntil = await commitIndependently(ctx, account.tenantId, async (manager) => {
    const [row]: { attempts: number; locked_until: Date | null }[] = await manager.query(
      `WITH next AS (
         SELECT id, CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_login_attempts + 1 END AS attempts
           FROM identity.users WHERE id = $1 FOR UPDATE
       ), updated AS (
         UPDATE identity.users u
            SET failed_login_attempts = next.attempts,
                locked_until = CASE WHEN next.attempts >= $2 THEN now() + make_interval(mins => $3) END
           FROM next WHERE u.id = next.id
         RETURNING u.failed_login_attempts AS attempts, u.locked_until
       )
       SELECT * FROM updated`,
      [account.id, max, minutes],
    );
    if (!row) return null;
    const reason = type === 'mfa_failed' ? 'wrong_mfa_code' : 'wrong_password';
    await recordSecurityEvent(manager, { tenantId: account.tenantId, userId: account.id, type, details: { reason, attempts: row.attempts }, requestId: ctx.requestId });
    if (row.attempts !== max) return null;
    await recordSecurityEvent(manager, {
      tenantId: account.tenantId,
      userId: account.id,
      type: 'account_locked',
      severity: 'high',
      details: { attempts: row.attempts, lockedUntil: row.locked_until },
      requestId: ctx.requestId,
    });
    return row.locked_until;
  });
  // The sign-in answer never says an account is locked (see login.service.ts); its owner learns
  // it here, through the mailbox only they read.
  if (lockedUntil) {
    await deliver({
      to: account.email,
      subject: 'Your leadgraph account was locked',
      text: `After ${max} failed sign-in attempts in a row your account is locked until ${lockedUntil.toISOString()}.\nIf this was not you, reset your password.`,
    });
  }
}

/** A sign-in attempt refused because the account is locked: not counted, but recorded. */
export async function recordRefusedWhileLocked(ctx: RequestContext, account: Account): Promise<void> {
  await commitIndependently(ctx, account.tenantId, (manager) =>
    recordSecurityEvent(manager, { tenantId: account.tenantId, userId: account.id, type: 'login_failed', details: { reason: 'account_locked' }, requestId: ctx.requestId }),
  );
}
