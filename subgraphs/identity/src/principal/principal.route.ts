import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  INTERNAL_TOKEN_HEADER,
  REQUEST_ID_HEADER,
  verifyInternalToken,
  type Principal,
  type RouteDeps,
  type SubgraphModule,
} from '@leadgraph/shared';
import {
  AccessRefused,
  CredentialRefused,
  resolveApiKeyPrincipal,
  resolveSupportPrincipal,
  resolveUserPrincipal,
  type ResolvedPrincipal,
  type SupportRequest,
} from './principal.service';

export const PRINCIPAL_ROUTE = '/internal/principal';
/** What the gateway's service principal holds; no user or API key principal is ever given it. */
export const RESOLVE_PRINCIPAL_PERMISSION = 'identity.principal.resolve';

type App = Parameters<NonNullable<SubgraphModule['routes']>>[0];

const MAX_BODY_BYTES = 4096;

/** Identity's routes run before any body parser (only /graphql has one): read a small JSON body. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

type Question = { apiKey: string } | { userId: string; tenantId: string; issuedAt?: number; support?: SupportRequest };

const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);

function supportOf(value: unknown): SupportRequest | undefined | null {
  if (value === undefined) return undefined;
  const s = value as Record<string, unknown> | null;
  if (!s || typeof s.tenantId !== 'string' || !OPERATION_TYPES.has(s.operationType as string)) return null;
  if (s.operationName !== null && s.operationName !== undefined && typeof s.operationName !== 'string') return null;
  return { tenantId: s.tenantId, operationType: s.operationType as SupportRequest['operationType'], operationName: (s.operationName as string | undefined) ?? null };
}

function questionOf(body: unknown): Question | undefined {
  const b = body as Record<string, unknown> | null;
  if (b && typeof b.apiKey === 'string' && b.userId === undefined && b.tenantId === undefined) return { apiKey: b.apiKey };
  if (b && typeof b.userId === 'string' && typeof b.tenantId === 'string' && b.apiKey === undefined && (b.issuedAt === undefined || typeof b.issuedAt === 'number')) {
    const support = supportOf(b.support);
    if (support === null) return undefined;
    return { userId: b.userId, tenantId: b.tenantId, issuedAt: b.issuedAt as number | undefined, ...(support ? { support } : {}) };
  }
  return undefined;
}

/**
 * `POST /internal/principal`: the gateway asks who a credential belongs to, for every API key
 * and after verifying every access token, so a revoked key, a deactivated user or a suspended
 * tenant stops working within the gateway's cache TTL, and role changes apply without a new
 * token. Body `{ apiKey }` or `{ userId, tenantId }`; answers 200 `{ principal }`, or 401
 * `{ error: { code: 'UNAUTHENTICATED', message } }` for a refused credential. A bad internal
 * token is a 401 with another code, so the gateway never mistakes its own misconfiguration for
 * a caller's bad key.
 */
export function mountPrincipalRoute(app: App, deps: RouteDeps): void {
  app.post(PRINCIPAL_ROUTE, async (req, res) => {
    const fail = (status: number, code: string, message: string): void => {
      res.status(status).json({ error: { code, message } });
    };
    let caller: Principal & { requestId?: string };
    try {
      caller = verifyInternalToken(req.header(INTERNAL_TOKEN_HEADER), { secret: deps.internalTokenSecret, audience: 'identity' });
    } catch {
      return fail(401, 'INVALID_INTERNAL_TOKEN', 'Only the gateway may resolve principals');
    }
    if (caller.kind !== 'service' || !caller.permissions.includes(RESOLVE_PRINCIPAL_PERMISSION)) {
      return fail(403, 'FORBIDDEN', 'Only the gateway may resolve principals');
    }
    let question: Question | undefined;
    try {
      question = questionOf(await readJson(req));
    } catch {
      question = undefined;
    }
    if (!question) return fail(400, 'BAD_REQUEST', 'Send { "apiKey" } or { "userId", "tenantId" }');

    const requestId = caller.requestId ?? req.header(REQUEST_ID_HEADER) ?? randomUUID();
    try {
      if (!('apiKey' in question) && question.support) {
        const answer = await resolveSupportPrincipal(deps.dataSource, caller, requestId, question, question.support);
        if (answer === 'read-only') return fail(403, 'FORBIDDEN', 'Support access is read-only: mutations are refused');
        res.json({ principal: answer });
        return;
      }
      const principal: ResolvedPrincipal =
        'apiKey' in question
          ? await resolveApiKeyPrincipal(deps.dataSource, caller, requestId, question.apiKey)
          : await resolveUserPrincipal(deps.dataSource, caller, requestId, question);
      res.json({ principal });
    } catch (error) {
      if (error instanceof CredentialRefused) return fail(401, 'UNAUTHENTICATED', error.message);
      if (error instanceof AccessRefused) return fail(403, 'FORBIDDEN', error.message);
      deps.log.error('principal resolution failed', { requestId, error: error instanceof Error ? error.message : String(error) });
      return fail(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });
}
