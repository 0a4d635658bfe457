import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { FieldError } from '../api-errors';

export interface NormalizedError {
  status: number;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** True when the cause is a bug or an outage, not the client's input: log it, never show it. */
  unexpected: boolean;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_NOT_NULL_VIOLATION = '23502';
const PG_INVALID_TEXT = '22P02';

function fromHttpException(exception: HttpException): NormalizedError {
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (exception instanceof ThrottlerException) {
    return { status, detail: 'Too many requests, try again later', unexpected: false };
  }
  if (typeof body === 'string') return { status, detail: body, unexpected: false };
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string') {
    return { status, detail: record.detail, errors: record.errors as FieldError[] | undefined, unexpected: false };
  }
  const message = Array.isArray(record.message) ? record.message.join('; ') : record.message;
  return { status, detail: typeof message === 'string' ? message : exception.message, unexpected: false };
}

function fromQueryFailed(exception: QueryFailedError & { code?: string }): NormalizedError | undefined {
  switch (exception.code) {
    case PG_UNIQUE_VIOLATION:
      return { status: HttpStatus.CONFLICT, detail: 'A record with the same unique value already exists', unexpected: false };
    case PG_FOREIGN_KEY_VIOLATION:
      return { status: HttpStatus.CONFLICT, detail: 'A referenced record does not exist or is still in use', unexpected: false };
    case PG_NOT_NULL_VIOLATION:
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A required value is missing', unexpected: false };
    case PG_INVALID_TEXT:
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A value has an invalid format', unexpected: false };
    default:
      return undefined;
  }
}

/** One reading of any thrown value, shared by both error dialects. */
export function normalizeError(exception: unknown): NormalizedError {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof QueryFailedError) {
    const known = fromQueryFailed(exception);
    if (known) return known;
  }
  const status = (exception as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // errors raised by Express middleware (http-errors) carry a safe client status and message
    return { status, detail: (exception as Error).message, unexpected: false };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'Internal server error', unexpected: true };
}
