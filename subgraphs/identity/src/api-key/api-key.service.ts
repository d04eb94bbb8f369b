import { createHash, randomBytes } from 'node:crypto';
import { isUUID } from 'class-validator';
import { AppError, ErrorCode, hasPermission, newId, notFound, requireTenant, type RequestContext } from '@leadgraph/shared';
import { recordSecurityEvent } from '../security/security-log.service';
import { ApiKey } from './api-key.entity';
import type { CreateApiKeyInput } from './api-key.inputs';

/**
 * `lg_<prefix>_<secret>`: `lg_` lets the gateway (and secret scanners) recognise a key, the
 * 8-hex prefix tells keys apart in lists and logs, the 32 random bytes are the secret.
 */
export const API_KEY_PATTERN = /^lg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** SHA-256 of the whole key: enough for a 256-bit random secret, and indexable (see the migration). */
export const hashApiKey = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

export function newApiKeySecret(): { secret: string; prefix: string; keyHash: Buffer } {
  const prefix = randomBytes(4).toString('hex');
  const secret = `lg_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix, keyHash: hashApiKey(secret) };
}

export interface ApiKeyWithSecret {
  apiKey: ApiKey;
  secret: string;
}

function callerId(ctx: RequestContext): string {
  if (!ctx.principal.userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'API keys belong to a user: sign in as one');
  return ctx.principal.userId;
}

async function insertKey(ctx: RequestContext, values: Pick<ApiKey, 'name' | 'scopes' | 'expiresAt' | 'trustedDocuments' | 'rotatedFromId'>): Promise<ApiKeyWithSecret> {
  const { secret, prefix, keyHash } = newApiKeySecret();
  const apiKey = ctx.manager.create(ApiKey, {
    ...values,
    id: newId(),
    tenantId: requireTenant(ctx),
    userId: callerId(ctx),
    prefix,
    keyHash,
    lastUsedAt: null,
    revokedAt: null,
  });
  await ctx.manager.insert(ApiKey, apiKey);
  return { apiKey: await ctx.manager.findOneByOrFail(ApiKey, { id: apiKey.id }), secret };
}

const securityEvent = (ctx: RequestContext, type: 'api_key_created' | 'api_key_revoked' | 'api_key_rotated', details: Record<string, unknown>) =>
  recordSecurityEvent(ctx.manager, {
    tenantId: requireTenant(ctx),
    userId: ctx.principal.userId,
    type,
    severity: type === 'api_key_revoked' ? 'medium' : 'low',
    details: { ...details, ...(ctx.principal.apiKeyId ? { viaApiKeyId: ctx.principal.apiKeyId } : {}) },
    requestId: ctx.requestId,
  });

export async function createApiKey(ctx: RequestContext, input: CreateApiKeyInput): Promise<ApiKeyWithSecret> {
  const scopes = [...new Set(input.scopes)].sort();
  // No escalation: a key (or a key made with a key) never holds more than its creator does.
  const notHeld = scopes.filter((scope) => !hasPermission(ctx.principal, scope));
  if (notHeld.length > 0) {
    throw new AppError(ErrorCode.FORBIDDEN, `A key can only get permissions you hold; you lack ${notHeld.join(', ')}`, { required: notHeld });
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'expiresAt must be in the future', { field: 'expiresAt' });
  }
  const trustedDocuments = input.trustedDocuments ?? null;
  const created = await insertKey(ctx, { name: input.name.trim(), scopes, expiresAt: input.expiresAt ?? null, trustedDocuments, rotatedFromId: null });
  await securityEvent(ctx, 'api_key_created', { apiKeyId: created.apiKey.id, prefix: created.apiKey.prefix, scopes, trustedDocuments });
  return created;
}

/**
 * One of the caller's own keys. Another user's key, like another tenant's (RLS), looks missing:
 * keys are personal credentials, and deactivating a user stops all of theirs.
 */
async function ownKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const key = isUUID(id) ? await ctx.manager.findOneBy(ApiKey, { id, userId: callerId(ctx) }) : null;
  if (!key) throw notFound('ApiKey', id);
  return key;
}

/** Marks the key revoked unless it already is; false when another request got there first. */
async function markRevoked(ctx: RequestContext, id: string, opts: { onlyUnexpired: boolean }): Promise<boolean> {
  const result = await ctx.manager
    .createQueryBuilder()
    .update(ApiKey)
    .set({ revokedAt: () => 'now()' })
    .where(`id = :id AND revoked_at IS NULL${opts.onlyUnexpired ? ' AND (expires_at IS NULL OR expires_at > now())' : ''}`, { id })
    .execute();
  return (result.affected ?? 0) > 0;
}

/** Idempotent: revoking a revoked key returns it unchanged and records nothing new. */
export async function revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const key = await ownKey(ctx, id);
  if (await markRevoked(ctx, key.id, { onlyUnexpired: false })) {
    await securityEvent(ctx, 'api_key_revoked', { apiKeyId: key.id, prefix: key.prefix });
  }
  return ctx.manager.findOneByOrFail(ApiKey, { id: key.id });
}

/**
 * Revokes the key and issues a new one with the same name, scopes, expiry and trusted-documents
 * restriction (a rotation never lifts a restriction). The scopes are not checked again: what a
 * key may do is narrowed to its owner's permissions at every call anyway,
 * and a leaked key must be rotatable even after its owner's role changed. A revoked or expired
 * key cannot be rotated: that would bring a dead credential back.
 */
export async function rotateApiKey(ctx: RequestContext, id: string): Promise<ApiKeyWithSecret> {
  const old = await ownKey(ctx, id);
  if (!(await markRevoked(ctx, old.id, { onlyUnexpired: true }))) {
    throw new AppError(ErrorCode.CONFLICT, 'This API key is revoked or expired: create a new one instead');
  }
  const rotated = await insertKey(ctx, { name: old.name, scopes: old.scopes, expiresAt: old.expiresAt, trustedDocuments: old.trustedDocuments, rotatedFromId: old.id });
  await securityEvent(ctx, 'api_key_rotated', { apiKeyId: rotated.apiKey.id, previousApiKeyId: old.id, prefix: rotated.apiKey.prefix });
  return rotated;
}
