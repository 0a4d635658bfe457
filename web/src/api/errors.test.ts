import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrors } from './errors';

describe('the reason shown for a refused request', () => {
  it("is Mission Control's detail", () => {
    expect(errorMessage({ detail: "Cannot move to in_progress: the board's WIP limit of 1 is reached" }, 409)).toBe("Cannot move to in_progress: the board's WIP limit of 1 is reached");
  });
  it('names the fields of a validation failure', () => {
    expect(errorMessage({ detail: 'Validation failed', errors: [{ field: 'body.status', message: 'must be one of inbox, todo' }] }, 422)).toBe(
      'Validation failed (body.status: must be one of inbox, todo)',
    );
  });
  it("is the panel's error", () => {
    expect(errorMessage({ ok: false, error: 'Invalid token' }, 401)).toBe('Invalid token');
  });
  it('falls back to the status for a body without a reason', () => {
    expect(errorMessage(null, 502)).toBe('HTTP 502');
    expect(errorMessage('<html>', 500)).toBe('HTTP 500');
  });
});

describe('the field errors of a refusal', () => {
  it('are the errors list of a 422, for forms to show next to each input', () => {
    expect(fieldErrors({ detail: 'x', errors: [{ field: 'trigger.cron', message: 'trigger.cron must be a cron expression' }, { nonsense: 1 }] })).toEqual([
      { field: 'trigger.cron', message: 'trigger.cron must be a cron expression' },
    ]);
    expect(fieldErrors({ detail: 'Not found' })).toEqual([]);
    expect(fieldErrors(null)).toEqual([]);
  });
});
