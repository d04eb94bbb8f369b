import { AppError, ErrorCode, commitIndependently, newId, type RequestContext } from '@leadgraph/shared';
import type { EntityManager } from 'typeorm';
import type { LoginPayload } from '../auth/login.inputs';
import { hashOpaqueToken, newOpaqueToken, runAsTenant, tenantOfToken } from '../auth/opaque-token';
import { tokenService } from '../auth/token.service';
import { identityConfig } from '../config';
import { rolesByUser } from '../role/role.loader';
import { recordSecurityEvent } from '../security/security-log.service';
import { tenantById } from '../tenant/tenant.loader';
import type { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { RefreshToken, type RefreshTokenRevocation } from './refresh-token.entity';

const invalidRefreshToken = () => new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid refresh token');

/**
 * Issues an access token with the user's current roles and a new refresh token. A login starts
 * a family; a rotation passes the family on (and the id its predecessor already points at).
 */
export async function startSession(ctx: RequestContext, user: User, from: { familyId: string; tokenId: string } | null = null): Promise<LoginPayload> {
  const config = identityConfig();
  const roles = await rolesByUser(ctx).load(user.id);
  const tokens = tokenService(() => identityConfig());
  const accessToken = tokens.sign({
    sub: user.id,
    tid: user.tenantId,
    roles: roles.map((r) => r.name),
    perms: [...new Set(roles.flatMap((r) => r.permissions))].sort(),
  });
  const refreshToken = newOpaqueToken();
  const refreshTokenExpiresAt = new Date(Date.now() + config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  await ctx.manager.insert(RefreshToken, {
    id: from?.tokenId ?? newId(),
    tenantId: user.tenantId,
    userId: user.id,
    familyId: from?.familyId ?? newId(),
    tokenHash: hashOpaqueToken(refreshToken),
    expiresAt: refreshTokenExpiresAt,
  });
  return { accessToken, tokenType: 'Bearer', expiresIn: tokens.ttlSeconds, refreshToken, refreshTokenExpiresAt, user };
}

/** Finds a presented refresh token, setting its tenant for the rest of the request. */
async function findRefreshToken(ctx: RequestContext, presented: string): Promise<RefreshToken | null> {
  const tokenHash = hashOpaqueToken(presented);
  const tenantId = await tenantOfToken(ctx.manager, 'refresh_token_tenant', tokenHash);
  if (!tenantId) return null;
  await runAsTenant(ctx.manager, tenantId);
  return ctx.manager.findOneBy(RefreshToken, { tokenHash });
}

export async function revokeFamily(manager: EntityManager, familyId: string, reason: RefreshTokenRevocation): Promise<void> {
  await manager.query(
    `UPDATE identity.refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
    [familyId, reason],
  );
}

export async function revokeUserRefreshTokens(manager: EntityManager, userId: string, reason: RefreshTokenRevocation): Promise<void> {
  await manager.query(
    `UPDATE identity.refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
    [userId, reason],
  );
}

/**
 * A token that was already exchanged is presented again: either the legitimate client or a
 * thief holds a copy, and we cannot tell which. Revoking the family ends both sessions; the
 * user signs in again. Committed on its own: the refresh itself answers with an error.
 */
async function refuseReuse(ctx: RequestContext, token: RefreshToken): Promise<never> {
  await commitIndependently(ctx, token.tenantId, async (manager) => {
    await revokeFamily(manager, token.familyId, 'reuse');
    await recordSecurityEvent(manager, {
      tenantId: token.tenantId,
      userId: token.userId,
      type: 'refresh_token_reused',
      severity: 'high',
      details: { familyId: token.familyId, tokenId: token.id },
      requestId: ctx.requestId,
    });
  });
  throw invalidRefreshToken();
}

/** Exchanges a refresh token for a new pair; the presented one can never be used again. */
export async function rotateRefreshToken(ctx: RequestContext, presented: string): Promise<LoginPayload> {
  const token = await findRefreshToken(ctx, presented);
  if (!token) throw invalidRefreshToken();
  if (token.rotatedAt) return refuseReuse(ctx, token);
  if (token.revokedAt) throw invalidRefreshToken();
  if (token.expiresAt <= new Date()) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Refresh token expired');

  const [user, tenant] = await Promise.all([userById(ctx).load(token.userId), tenantById(ctx).load(token.tenantId)]);
  if (!user?.isActive || !tenant?.isActive) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled');

  // Conditional, so of two requests racing with one token exactly one rotates it; the other
  // is treated as the reuse it is. The successor's id is set before its row exists (the
  // foreign key is deferred to commit).
  const successorId = newId();
  const [, rotated]: [unknown, number] = await ctx.manager.query(
    `UPDATE identity.refresh_tokens SET rotated_at = now(), replaced_by = $2 WHERE id = $1 AND rotated_at IS NULL AND revoked_at IS NULL`,
    [token.id, successorId],
  );
  if (rotated !== 1) return refuseReuse(ctx, token);
  return startSession(ctx, user, { familyId: token.familyId, tokenId: successorId });
}

/** Ends the session the token belongs to (its whole family). Unknown tokens are ignored. */
export async function logout(ctx: RequestContext, presented: string): Promise<void> {
  const token = await findRefreshToken(ctx, presented);
  if (token) await revokeFamily(ctx.manager, token.familyId, 'logout');
}
