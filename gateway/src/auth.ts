import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { ANONYMOUS, AppError, ErrorCode, type Principal } from '@leadgraph/shared';

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

  return async function verify(token: string): Promise<Principal> {
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
    };
  };
}

/** Reads `Authorization: Bearer <token>`; no header means an anonymous caller. */
export async function principalFromRequest(authorization: string | undefined, verify: (token: string) => Promise<Principal>): Promise<Principal> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
  return verify(match[1]);
}
