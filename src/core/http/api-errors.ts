import { HttpException, HttpStatus, UnprocessableEntityException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** 422 with the per-field list the Mission Control dialect documents. */
export class FieldValidationException extends UnprocessableEntityException {
  constructor(readonly fieldErrors: FieldError[], detail = 'Validation failed') {
    super({ detail, errors: fieldErrors });
  }
}

export function fieldError(field: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field, message }], message);
}

/** 413 for bodies larger than the configured limit. */
export class PayloadTooLargeError extends HttpException {
  constructor(limit: string) {
    super({ detail: `Request body exceeds the ${limit} limit` }, HttpStatus.PAYLOAD_TOO_LARGE);
  }
}
