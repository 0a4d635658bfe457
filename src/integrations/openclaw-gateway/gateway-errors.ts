/** The error object of a `res` frame with `ok: false`. */
export interface GatewayErrorShape {
  code: string;
  message: string;
  details?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** The gateway refused the token or a requested scope: retrying with the same credentials cannot help. */
export class GatewayAuthError extends Error {
  override readonly name = 'GatewayAuthError';

  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The gateway answered a call with `ok: false`. */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly details?: unknown;

  constructor(
    readonly method: string,
    error: GatewayErrorShape,
  ) {
    super(error.message || `${method} failed with ${error.code}`);
    this.code = error.code;
    this.retryable = error.retryable === true;
    this.retryAfterMs = error.retryAfterMs;
    this.details = error.details;
  }
}

export class GatewayTimeoutError extends Error {
  override readonly name = 'GatewayTimeoutError';

  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} got no answer within ${timeoutMs} ms`);
  }
}

/** Not connected, or the socket closed while the call was waiting for its answer. */
export class GatewayUnavailableError extends Error {
  override readonly name = 'GatewayUnavailableError';
}

const AUTH_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_PAIRED']);
const AUTH_DETAIL_CODES = new Set(['MISSING_SCOPE', 'DEVICE_IDENTITY_REQUIRED', 'PAIRING_REQUIRED']);

/** Whether a refused `connect` is about credentials or scopes (the gateway reports a bad token as INVALID_REQUEST + AUTH_TOKEN_MISMATCH). */
export function isAuthRefusal(error: GatewayErrorShape): boolean {
  const detailCode = detailsCode(error.details);
  if (detailCode && (detailCode.startsWith('AUTH_') || AUTH_DETAIL_CODES.has(detailCode))) return true;
  return AUTH_CODES.has(error.code) || /^unauthori[sz]ed\b/i.test(error.message ?? '');
}

function detailsCode(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const code = (details as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
