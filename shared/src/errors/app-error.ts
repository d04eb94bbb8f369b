import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The one error-code enum of the API (DESIGN.md, API conventions). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** The only error services throw on purpose. Everything else is masked. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    /** HTTP status for errors that reject the whole request (a missing token: 401). */
    httpStatus?: number,
  ) {
    super(message, {
      extensions: { code, ...details, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
    });
    this.name = 'AppError';
  }
}

export const notFound = (type: string, id: string): AppError =>
  new AppError(ErrorCode.NOT_FOUND, `${type} ${id} was not found`, { type, id });

/**
 * Codes that graphql-js and Apollo produce for malformed requests. Their messages are safe to
 * show: they describe the caller's document, never the server.
 */
const SAFE_FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

/**
 * Extension keys a client may see besides `code`. A whitelist, because the gateway adds keys
 * of its own (`response` with the subgraph URL, `serviceName`) that must never leave.
 */
const PUBLIC_EXTENSION_KEYS = new Set(['type', 'id', 'field', 'fields', 'required', 'retryAfter', 'mfaRequired', 'limit']);

export const MASKED_MESSAGE = 'Internal server error';

/** Whether an error with this `extensions.code` reaches the client as it is (else it is masked). */
export function isShownToClients(code: unknown): code is string {
  return typeof code === 'string' && (PUBLIC_CODES.has(code) || SAFE_FRAMEWORK_CODES.has(code));
}

/**
 * The single masking point: known codes keep their message and safe extensions; anything else
 * becomes INTERNAL_SERVER_ERROR with no stack, SQL or URL. `onMasked` lets the caller log the
 * original error (with the request id) where operators can see it.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  onMasked?: (formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isShownToClients(code)) {
    const extensions: Record<string, unknown> = { code };
    for (const [key, value] of Object.entries(formatted.extensions ?? {})) {
      if (PUBLIC_EXTENSION_KEYS.has(key)) extensions[key] = value;
    }
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  onMasked?.(formatted);
  return {
    message: MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
