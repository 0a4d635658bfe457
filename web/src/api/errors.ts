export interface FieldError {
  field: string;
  message: string;
}

/** An API refusal: its HTTP status, the sentence to show and, for a validation failure, what is wrong with each field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The field errors of a refusal body (`errors: [{field, message}]`), for forms that show each next to its input. */
export function fieldErrors(body: unknown): FieldError[] {
  if (!body || typeof body !== 'object') return [];
  const { errors } = body as { errors?: unknown };
  return Array.isArray(errors) ? errors.filter((e): e is FieldError => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
}

/** The reason an answer gives, as a sentence: Mission Control's detail (with field errors), the panel's error, or the status. */
export function errorMessage(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const { detail, errors, error } = body as { detail?: unknown; errors?: { field: string; message: string }[]; error?: unknown };
    const fields = Array.isArray(errors) ? errors.map((e) => `${e.field}: ${e.message}`).join('; ') : '';
    if (typeof detail === 'string') return fields ? `${detail} (${fields})` : detail;
    if (typeof error === 'string') return error;
  }
  return `HTTP ${status}`;
}
