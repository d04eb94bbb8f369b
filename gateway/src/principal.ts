import { createHash } from 'node:crypto';
import { parse, visit } from 'graphql';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, internalRouteUrl, mintInternalToken, type Logger, type Principal } from '@leadgraph/shared';

/** Identity's route that says who a credential belongs to right now. */
export const PRINCIPAL_PATH = '/internal/principal';

/** The gateway asking identity, as a service: no user, no tenant, one permission that no role grants a person. */
const SERVICE_PRINCIPAL: Principal = {
  kind: 'service',
  userId: null,
  tenantId: null,
  roles: [],
  permissions: ['identity.principal.resolve'],
};

/** Support staff reading another tenant: which one, and what they send (logged by identity). */
export interface SupportRequest {
  tenantId: string;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription';
}

export type PrincipalQuestion = { apiKey: string } | { userId: string; tenantId: string; issuedAt?: number; support?: SupportRequest };

type Answer = { principal: Principal } | { refused: string } | { forbidden: string };

/** Identity did not answer usefully: neither the caller's fault nor a reason to let them in. */
export class PrincipalUnavailable extends Error {}

/** A refused credential, with identity's message for the caller. */
export class PrincipalRefused extends Error {}

/** A good credential asking for what it may not have (support access): FORBIDDEN. */
export class PrincipalForbidden extends Error {}

export interface PrincipalResolverOptions {
  /** `POST` endpoint: identity's base URL + PRINCIPAL_PATH. */
  url: string;
  internalTokenSecret: string;
  /** How long an answer (also a refusal) is reused; 0 asks identity on every request. */
  ttlMs: number;
  log: Logger;
  timeoutMs?: number;
  /** Bounds memory when callers send many different (e.g. made-up) keys. */
  maxEntries?: number;
}

export type PrincipalResolver = (question: PrincipalQuestion, requestId: string) => Promise<Principal>;

/** Raw keys never become map keys: only their hash stays in memory. */
const cacheKey = (q: PrincipalQuestion) =>
  'apiKey' in q ? `key:${createHash('sha256').update(q.apiKey).digest('hex')}` : `user:${q.tenantId}:${q.userId}:${q.issuedAt ?? ''}`;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function principalFrom(body: unknown): Principal | undefined {
  const p = (body as { principal?: Record<string, unknown> } | null)?.principal;
  if (!p || typeof p.tenantId !== 'string') return undefined;
  if (p.kind === 'support') {
    if (typeof p.actorId !== 'string') return undefined;
    return { kind: 'support', userId: null, tenantId: p.tenantId, actorId: p.actorId, readOnly: true, roles: strings(p.roles), permissions: strings(p.permissions) };
  }
  if ((p.kind !== 'user' && p.kind !== 'api_key') || typeof p.userId !== 'string') return undefined;
  return {
    kind: p.kind,
    userId: p.userId,
    tenantId: p.tenantId,
    roles: strings(p.roles),
    permissions: strings(p.permissions),
    teamUserIds: strings(p.teamUserIds),
    apiKeyId: typeof p.apiKeyId === 'string' ? p.apiKeyId : null,
    // A key restricted to a trusted-documents manifest (gateway/src/persisted.ts).
    ...(p.kind === 'api_key' && typeof p.trustedDocuments === 'string' ? { trustedDocuments: p.trustedDocuments } : {}),
    denied: strings(p.denied),
    // Identity validated these when they were written; the gateway only carries them along.
    resourcePolicies: Array.isArray(p.resourcePolicies) ? (p.resourcePolicies as Principal['resourcePolicies']) : [],
  };
}

/**
 * Resolves API keys and verified access tokens to the principal identity knows now, with a small
 * in-memory cache: a revoked key, a deactivated user or a suspended tenant stops working within
 * `ttlMs`, and a burst of requests with one credential costs one call to identity (in-flight
 * answers are shared). Refusals are cached like answers, so a flood of one bad key does not reach
 * identity either; failures to reach identity are never cached.
 */
export function createPrincipalResolver(opts: PrincipalResolverOptions): PrincipalResolver {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const cache = new Map<string, { answer: Promise<Answer>; expiresAt?: number }>();

  async function ask(question: PrincipalQuestion, requestId: string): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_TOKEN_HEADER]: mintInternalToken(SERVICE_PRINCIPAL, { secret: opts.internalTokenSecret, audience: 'identity', requestId }),
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify(question),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      opts.log.error('identity unreachable for principal resolution', { requestId, error: String(error) });
      throw new PrincipalUnavailable();
    }
    const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
    const principal = res.status === 200 ? principalFrom(body) : undefined;
    if (principal) return { principal };
    if (res.status === 401 && body?.error?.code === 'UNAUTHENTICATED') return { refused: String(body.error.message ?? 'Invalid credentials') };
    if (res.status === 403 && body?.error?.code === 'FORBIDDEN') return { forbidden: String(body.error.message ?? 'Forbidden') };
    opts.log.error('identity could not resolve a principal', { requestId, status: res.status, code: body?.error?.code });
    throw new PrincipalUnavailable();
  }

  function cached(key: string, load: () => Promise<Answer>): Promise<Answer> {
    if (opts.ttlMs <= 0) return load();
    const hit = cache.get(key);
    if (hit && (hit.expiresAt === undefined || hit.expiresAt > Date.now())) return hit.answer;
    cache.delete(key);
    const entry: { answer: Promise<Answer>; expiresAt?: number } = { answer: load() };
    cache.set(key, entry);
    // Maps iterate in insertion order: drop the oldest entries first.
    for (const oldest of cache.keys()) {
      if (cache.size <= maxEntries) break;
      cache.delete(oldest);
    }
    entry.answer.then(
      () => {
        entry.expiresAt = Date.now() + opts.ttlMs;
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key);
      },
    );
    return entry.answer;
  }

  return async (question, requestId) => {
    // Support requests are never cached: identity logs each one before it is forwarded.
    const answer = 'support' in question && question.support ? await ask(question, requestId) : await cached(cacheKey(question), () => ask(question, requestId));
    if ('refused' in answer) throw new PrincipalRefused(answer.refused);
    if ('forbidden' in answer) throw new PrincipalForbidden(answer.forbidden);
    return answer.principal;
  };
}

/** Identity's principal endpoint, next to its GraphQL endpoint (`.../graphql` → `.../internal/principal`). */
export function principalUrlFor(identityGraphqlUrl: string): string {
  return internalRouteUrl(identityGraphqlUrl, PRINCIPAL_PATH);
}

/** The URL the committed supergraph gives a subgraph (`join__Graph` enum). */
export function subgraphUrlInSupergraph(supergraphSdl: string, name: string): string | undefined {
  let found: string | undefined;
  visit(parse(supergraphSdl), {
    EnumValueDefinition(node) {
      const graph = node.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (key: string) => graph?.arguments?.find((a) => a.name.value === key)?.value;
      const graphName = arg('name');
      const url = arg('url');
      if (graphName?.kind === 'StringValue' && graphName.value === name && url?.kind === 'StringValue') found = url.value;
    },
  });
  return found;
}
