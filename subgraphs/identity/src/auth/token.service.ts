import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { IdentityConfig } from '../config';

export const ACCESS_TOKEN_ALGORITHM = 'ES256';

export interface AccessTokenClaims {
  sub: string;
  tid: string;
  roles: string[];
  perms: string[];
}

/**
 * Signs access tokens with an asymmetric key (ES256, `kid` in the header) and publishes the
 * public half as a JWKS. Keys are parsed once: jsonwebtoken re-parses PEM strings per call.
 */
export class TokenService {
  private readonly privateKey: KeyObject;
  readonly jwks: { keys: JsonWebKey[] };

  constructor(private readonly config: Pick<IdentityConfig, 'ACCESS_TOKEN_PRIVATE_KEY' | 'ACCESS_TOKEN_KID' | 'ACCESS_TOKEN_TTL_SECONDS' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>) {
    this.privateKey = createPrivateKey(config.ACCESS_TOKEN_PRIVATE_KEY);
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.jwks = { keys: [{ ...jwk, kid: config.ACCESS_TOKEN_KID, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' }] };
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(claims: AccessTokenClaims): string {
    return jwt.sign(claims, this.privateKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: this.config.ACCESS_TOKEN_KID,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      notBefore: 0,
    });
  }
}

let instance: TokenService | undefined;
export function tokenService(config: () => IdentityConfig): TokenService {
  instance ??= new TokenService(config());
  return instance;
}
