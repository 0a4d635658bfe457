import { Cron } from 'croner';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Problems of a cron expression (5 or 6 fields, croner's syntax), or undefined. */
export function cronExpressionProblem(expression: string, timezone?: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return `must have 5 or 6 fields, not ${fields.length}`;
  if (timezone !== undefined && !isTimeZone(timezone)) return `${timezone} is not an IANA time zone`;
  try {
    new Cron(expression.trim(), { paused: true, ...(timezone ? { timezone } : {}) });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

/**
 * The first time in (after, until] at which the expression fires, in its time zone, or null. Schedules kept in
 * the database (rules, pipelines) are checked by one ticking job: each tick asks for the window since the last.
 */
export function cronFiresBetween(expression: string, timezone: string | undefined, after: Date, until: Date): Date | null {
  const next = new Cron(expression.trim(), { paused: true, ...(timezone ? { timezone } : {}) }).nextRun(after);
  return next && next.getTime() <= until.getTime() ? next : null;
}
