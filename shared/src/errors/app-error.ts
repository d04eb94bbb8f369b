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

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
};

/** The only error services throw on purpose. Everything else is masked. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    const status = HTTP_STATUS[code];
    super(message, {
      extensions: { code, ...details, ...(status ? { http: { status } } : {}) },
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

export const MASKED_MESSAGE = 'Internal server error';

/**
 * The single masking point: known codes keep their message and safe extensions; anything else
 * becomes INTERNAL_SERVER_ERROR with no stack, SQL or URL. `onMasked` lets the caller log the
 * original error (with the request id) where operators can see it.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  onMasked?: (formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  if (code && (PUBLIC_CODES.has(code) || SAFE_FRAMEWORK_CODES.has(code))) {
    const { stacktrace: _s, exception: _e, serviceName: _n, http: _h, ...rest } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...rest, code } };
  }
  onMasked?.(formatted);
  return {
    message: MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
