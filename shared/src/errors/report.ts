import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { newId } from '../db/ids';
import { ERROR_REPORTS_ROUTE, postToInternalRoute } from '../server/internal-routes';
import type { Logger } from '../server/log';

/**
 * Internal errors of every subgraph land in identity.error_logs, where support staff read them
 * by request id. The subgraph that masked the error sends the report to identity over HTTP, as
 * its outbox relay sends audit events; a report that cannot be delivered is only logged (an
 * error log must never fail or slow the request it describes).
 */
const REPORT_TIMEOUT_MS = 2_000;

// Any 8-4-4-4-12 hex id (z.uuid() would also demand an RFC version and variant).
const uuid = z.guid();

/** One report on the wire. `detail` (the original message) and `stack` are for support only. */
export const errorReportSchema = z.object({
  id: uuid,
  domain: z.string().min(1).max(50),
  tenantId: uuid,
  userId: uuid.nullable(),
  errorType: z.enum(['API_ERROR', 'DATABASE_ERROR']),
  operationName: z.string().max(200).nullable(),
  path: z.string().max(500).nullable(),
  detail: z.string().max(10_000),
  stack: z.string().max(50_000).nullable(),
  correlationId: z.string().max(128),
  environment: z.enum(['development', 'staging', 'production', 'test', 'cicd']),
});
export type ErrorReport = z.infer<typeof errorReportSchema>;

export type ErrorReporter = (report: ErrorReport) => void;

export function environmentName(nodeEnv = process.env.NODE_ENV): ErrorReport['environment'] {
  if (nodeEnv === 'production' || nodeEnv === 'staging' || nodeEnv === 'test') return nodeEnv;
  return 'development';
}

/**
 * Sends reports to identity, fire and forget. `identityUrl` may be a function for processes
 * that learn identity's address after they start (the test kit starts identity on port 0).
 */
export function createErrorReporter(opts: {
  domain: string;
  identityUrl: string | (() => string | undefined);
  internalTokenSecret: string;
  log: Logger;
}): ErrorReporter {
  return (report) => {
    const base = typeof opts.identityUrl === 'function' ? opts.identityUrl() : opts.identityUrl;
    if (!base) return;
    postToInternalRoute(base, ERROR_REPORTS_ROUTE, report, { secret: opts.internalTokenSecret, timeoutMs: REPORT_TIMEOUT_MS })
      .then((res) => {
        if (!res.ok) opts.log.warn('error report refused by identity', { status: res.status, correlationId: report.correlationId });
      })
      .catch((error: unknown) => opts.log.warn('error report not delivered', { correlationId: report.correlationId, error: String(error) }));
  };
}

/** A report for a masked error, or null when there is no tenant to file it under. */
export function errorReportFor(
  error: GraphQLError,
  request: { domain: string; principal: Principal; requestId: string; operationName?: string | null },
): ErrorReport | null {
  const { principal } = request;
  if (!principal.tenantId) return null;
  const original = error.originalError ?? error;
  // TypeORM's QueryFailedError and pg's DatabaseError both carry a five-character SQLSTATE.
  const sqlState = (original as { code?: unknown }).code;
  const fromDatabase = original.name === 'QueryFailedError' || (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState));
  return {
    id: newId(),
    domain: request.domain,
    tenantId: principal.tenantId,
    userId: principal.userId,
    errorType: fromDatabase ? 'DATABASE_ERROR' : 'API_ERROR',
    // The gateway names each subgraph fetch `<client's name>__<subgraph>__<n>`: keep the client's.
    operationName: request.operationName?.replace(/__[a-z0-9_-]+__\d+$/i, '').slice(0, 200) || null,
    path: error.path?.join('.').slice(0, 500) ?? null,
    detail: original.message.slice(0, 10_000),
    stack: original.stack?.slice(0, 50_000) ?? null,
    correlationId: request.requestId.slice(0, 128),
    environment: environmentName(),
  };
}
