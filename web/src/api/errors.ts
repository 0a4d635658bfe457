/** An API refusal: its HTTP status and the sentence to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
