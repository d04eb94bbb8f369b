import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError, ErrorCode } from '../errors';
import type { PolicyDefinition } from './policy';
import type { Principal } from './principal';

/**
 * The internal token: minted by the gateway for each subgraph request, verified by the
 * subgraph, which trusts no other identity header. HS256 with a secret only the gateway and
 * the subgraphs hold; audience is the subgraph's name so a token cannot be replayed elsewhere.
 */
export const INTERNAL_ISSUER = 'leadgraph-gateway';
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
export const REQUEST_ID_HEADER = 'x-request-id';
const ALGORITHM = 'HS256';

/**
 * The secret as a KeyObject, made once per secret. Given a string, jsonwebtoken first tries to
 * parse it as a PEM private key (and fails) on every call: measured at ~0.8 ms CPU per sign,
 * against ~0.03 ms with a KeyObject, and the gateway signs once per subgraph fetch.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

interface InternalClaims {
  kind: Principal['kind'];
  sub?: string;
  tid?: string;
  roles: string[];
  perms: string[];
  act?: string;
  ro?: boolean;
  rid?: string;
  team?: string[];
  key?: string;
  deny?: string[];
  pol?: PolicyDefinition[];
}

export function mintInternalToken(
  principal: Principal,
  opts: { secret: string; audience: string; requestId?: string; ttlSeconds?: number },
): string {
  const claims: InternalClaims = {
    kind: principal.kind,
    roles: principal.roles,
    perms: principal.permissions,
    ...(principal.userId ? { sub: principal.userId } : {}),
    ...(principal.tenantId ? { tid: principal.tenantId } : {}),
    ...(principal.actorId ? { act: principal.actorId } : {}),
    ...(principal.readOnly ? { ro: true } : {}),
    ...(opts.requestId ? { rid: opts.requestId } : {}),
    ...(principal.teamUserIds?.length ? { team: principal.teamUserIds } : {}),
    ...(principal.apiKeyId ? { key: principal.apiKeyId } : {}),
    ...(principal.denied?.length ? { deny: principal.denied } : {}),
    ...(principal.resourcePolicies?.length ? { pol: principal.resourcePolicies } : {}),
  };
  return jwt.sign(claims, secretKey(opts.secret), {
    algorithm: ALGORITHM,
    issuer: INTERNAL_ISSUER,
    audience: opts.audience,
    expiresIn: opts.ttlSeconds ?? 60,
  });
}

export function verifyInternalToken(
  token: string | undefined,
  opts: { secret: string; audience: string },
): Principal & { requestId?: string } {
  if (!token) throw unauthorized('Missing internal token: subgraphs only answer the gateway');
  let claims: InternalClaims;
  try {
    claims = jwt.verify(token, secretKey(opts.secret), {
      algorithms: [ALGORITHM],
      issuer: INTERNAL_ISSUER,
      audience: opts.audience,
    }) as InternalClaims;
  } catch {
    throw unauthorized('Invalid internal token');
  }
  return {
    kind: claims.kind,
    userId: claims.sub ?? null,
    tenantId: claims.tid ?? null,
    roles: claims.roles ?? [],
    permissions: claims.perms ?? [],
    actorId: claims.act ?? null,
    readOnly: claims.ro ?? false,
    teamUserIds: claims.team ?? [],
    apiKeyId: claims.key ?? null,
    denied: claims.deny ?? [],
    resourcePolicies: claims.pol ?? [],
    requestId: claims.rid,
  };
}

// 401 for the whole response: the request never reached a resolver.
const unauthorized = (message: string) => new AppError(ErrorCode.UNAUTHENTICATED, message, undefined, 401);
