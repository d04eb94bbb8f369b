import { createPublicKey, type KeyObject } from 'node:crypto';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { ANONYMOUS, AppError, ErrorCode, type Principal } from '@leadgraph/shared';
import { PrincipalForbidden, PrincipalRefused, PrincipalUnavailable, type PrincipalResolver, type SupportRequest } from './principal';

/** Access tokens are ES256 only: `alg: none`, HS* with the public key as secret etc. are refused. */
export const ACCESS_TOKEN_ALGORITHMS: jwt.Algorithm[] = ['ES256'];

export interface JwtVerifierOptions {
  jwksUri: string;
  issuer: string;
  audience: string;
}

// 401 for the whole request: a bad credential is refused before any field runs.
const unauthenticated = (message: string) => new AppError(ErrorCode.UNAUTHENTICATED, message, undefined, 401);

/**
 * Verifies callers' access tokens against identity's JWKS (fetched lazily, cached per `kid`,
 * parsed once into KeyObjects). Checks signature, algorithm, iss, aud, exp and nbf.
 */
export function createJwtVerifier(opts: JwtVerifierOptions) {
  const jwks = new JwksClient({ jwksUri: opts.jwksUri, cache: true, cacheMaxAge: 10 * 60_000, rateLimit: true, jwksRequestsPerMinute: 10, timeout: 5_000 });
  const keys = new Map<string, Promise<KeyObject>>();

  const keyFor = (kid: string) => {
    let key = keys.get(kid);
    if (!key) {
      key = jwks.getSigningKey(kid).then((k) => createPublicKey(k.getPublicKey()));
      key.catch(() => keys.delete(kid)); // an unknown kid may appear after a key rotation
      keys.set(kid, key);
    }
    return key;
  };

  return async function verify(token: string): Promise<VerifiedToken> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.header.kid !== 'string') throw unauthenticated('Malformed access token');
    if (!ACCESS_TOKEN_ALGORITHMS.includes(decoded.header.alg as jwt.Algorithm)) throw unauthenticated('Unsupported token algorithm');
    let key: KeyObject;
    try {
      key = await keyFor(decoded.header.kid);
    } catch {
      throw unauthenticated('Unknown signing key');
    }
    let claims: JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        issuer: opts.issuer,
        audience: opts.audience,
        clockTolerance: 5,
      }) as JwtPayload;
    } catch (error) {
      throw unauthenticated(error instanceof jwt.TokenExpiredError ? 'Access token expired' : 'Invalid access token');
    }
    if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string') throw unauthenticated('Access token lacks sub or tid');
    return {
      kind: 'user',
      userId: claims.sub,
      tenantId: claims.tid,
      roles: Array.isArray(claims.roles) ? claims.roles : [],
      permissions: Array.isArray(claims.perms) ? claims.perms : [],
      issuedAt: typeof claims.iat === 'number' ? claims.iat : undefined,
    };
  };
}

/** A verified access token's principal, with its issue time (refused if older than a password change). */
export type VerifiedToken = Principal & { issuedAt?: number };

/** API keys start with this (`lg_<prefix>_<secret>`); access tokens (JWTs) never do. */
export const API_KEY_PREFIX = 'lg_';

export type Credential = { kind: 'none' } | { kind: 'jwt'; token: string } | { kind: 'api_key'; secret: string };

/**
 * Reads the caller's credential: `Authorization: Bearer <jwt>`, `Authorization: Bearer lg_...` or
 * `X-Api-Key: lg_...`. Both headers at once are refused rather than guessing which one counts.
 */
export function credentialFromHeaders(authorization: string | undefined, apiKey: string | undefined): Credential {
  if (authorization !== undefined && apiKey !== undefined) throw unauthenticated('Send either Authorization or X-Api-Key, not both');
  if (apiKey !== undefined) {
    const secret = apiKey.trim();
    if (!secret.startsWith(API_KEY_PREFIX)) throw unauthenticated('X-Api-Key must be an API key (lg_...)');
    return { kind: 'api_key', secret };
  }
  if (!authorization) return { kind: 'none' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
  return match[1].startsWith(API_KEY_PREFIX) ? { kind: 'api_key', secret: match[1] } : { kind: 'jwt', token: match[1] };
}

/**
 * The principal for a credential. A JWT is verified here (signature, alg, iss, aud, exp, nbf),
 * then, like every API key, resolved through identity: its claims say who signed in, identity
 * says whether they still may and with which permissions now. Identity unreachable is a 503,
 * not a 401: the credential may be fine, and a 401 tells clients to throw it away.
 */
export async function authenticate(
  credential: Credential,
  deps: { verifyJwt: (token: string) => Promise<VerifiedToken>; resolvePrincipal: PrincipalResolver },
  requestId: string,
  support?: SupportRequest,
): Promise<Principal> {
  if (credential.kind === 'none') {
    if (support) throw unauthenticated('Support access needs a support user signed in');
    return ANONYMOUS;
  }
  try {
    if (credential.kind === 'api_key') {
      if (support) throw new AppError(ErrorCode.FORBIDDEN, 'Support access needs a support user signed in, not an API key', undefined, 403);
      return await deps.resolvePrincipal({ apiKey: credential.secret }, requestId);
    }
    const claims = await deps.verifyJwt(credential.token);
    return await deps.resolvePrincipal({ userId: claims.userId!, tenantId: claims.tenantId!, issuedAt: claims.issuedAt, ...(support ? { support } : {}) }, requestId);
  } catch (error) {
    if (error instanceof PrincipalRefused) throw unauthenticated(error.message);
    if (error instanceof PrincipalForbidden) throw new AppError(ErrorCode.FORBIDDEN, error.message, undefined, 403);
    if (error instanceof PrincipalUnavailable) {
      throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Cannot check credentials right now; retry shortly', undefined, 503);
    }
    throw error;
  }
}

export const SUPPORT_TENANT_HEADER = 'x-support-tenant';

/**
 * The support request a body asks for when `X-Support-Tenant` is set: the tenant, and the
 * operation's type and name for identity's access log. A body the gateway cannot parse counts as
 * a query here; it fails validation later, and subgraphs refuse mutations to read-only principals anyway.
 */
export function supportRequestFor(tenantId: string | undefined, body: { query?: unknown; operationName?: unknown } | undefined): SupportRequest | undefined {
  if (tenantId === undefined) return undefined;
  let operationName = typeof body?.operationName === 'string' ? body.operationName : null;
  let operationType: SupportRequest['operationType'] = 'query';
  if (typeof body?.query === 'string') {
    try {
      const operations = parse(body.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
      // Several operations and none named: the strictest type present, so a mutation is never logged as a read.
      const types: string[] = chosen ? [chosen.operation] : operations.map((o) => o.operation);
      operationName ??= chosen?.name?.value ?? null;
      operationType = types.includes('mutation') ? 'mutation' : types.includes('subscription') ? 'subscription' : 'query';
    } catch {
      operationType = 'query';
    }
  }
  return { tenantId: tenantId.trim(), operationName, operationType };
}
