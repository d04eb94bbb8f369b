import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** 256 random bits, base64url: refresh, password-reset and email-verification tokens. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/**
 * What the database keeps instead of a token. One sha256 without salt or stretching is enough
 * because the input is 256 random bits, not a password: there is nothing to guess.
 */
export const hashOpaqueToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Sets the tenant for the rest of the request's transaction (transaction-local). */
export async function runAsTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
}

type TokenTenantFunction = 'refresh_token_tenant' | 'password_reset_token_tenant' | 'email_verification_token_tenant';

/**
 * The tenant of a token presented before any tenant is known, through the migration's narrow
 * SECURITY DEFINER lookup (hash in, tenant id out); null when no such token exists.
 */
export async function tenantOfToken(manager: EntityManager, fn: TokenTenantFunction, tokenHash: Buffer): Promise<string | null> {
  const [row] = await manager.query(`SELECT identity.${fn}($1) AS tenant_id`, [tokenHash]);
  return row?.tenant_id ?? null;
}
