import { FieldError } from '../../../core/http/api-errors';
import { cronExpressionProblem, isTimeZone } from '../../../core/jobs/cron';

/**
 * The job shapes OpenClaw's cron store (`<openclawHome>/cron/jobs.json`, `{version: 1, jobs: [...]}`)
 * accepts. Checked here: what a job needs to run and what OpenClaw would otherwise rewrite or
 * quarantine. Everything else a job carries (delivery, state, model overrides…) is kept as it is.
 */
export const SCHEDULE_KINDS = ['at', 'every', 'cron', 'on-exit', 'stream'] as const;
export const PAYLOAD_KINDS = ['systemEvent', 'agentTurn', 'command', 'script'] as const;
export const WAKE_MODES = ['now', 'next-heartbeat'] as const;
export const MAX_CRON_JOBS = 1000;
const SESSION_TARGET = /^(main|isolated|current|session:\S.*)$/;
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MIN_EVERY_MS = 1_000;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

function checkSchedule(schedule: unknown, at: string, errors: FieldError[]): void {
  if (!isObject(schedule)) {
    errors.push({ field: at, message: `${at} must be an object like {kind: "cron", expr: "0 9 * * *"}` });
    return;
  }
  const kind = schedule.kind;
  if (!SCHEDULE_KINDS.includes(kind as (typeof SCHEDULE_KINDS)[number])) {
    errors.push({ field: `${at}.kind`, message: `${at}.kind must be one of ${SCHEDULE_KINDS.join(', ')}` });
    return;
  }
  if (schedule.tz !== undefined && (!nonEmpty(schedule.tz) || !isTimeZone(schedule.tz))) {
    errors.push({ field: `${at}.tz`, message: `${at}.tz must be an IANA time zone such as Europe/Berlin` });
  }
  if (kind === 'cron') {
    if (!nonEmpty(schedule.expr)) {
      errors.push({ field: `${at}.expr`, message: `${at}.expr is required for a cron schedule` });
      return;
    }
    const problem = cronExpressionProblem(schedule.expr, nonEmpty(schedule.tz) && isTimeZone(schedule.tz) ? schedule.tz : undefined);
    if (problem) errors.push({ field: `${at}.expr`, message: `${at}.expr "${schedule.expr}" is not a valid cron expression: ${problem}` });
  } else if (kind === 'every') {
    if (typeof schedule.everyMs !== 'number' || !Number.isInteger(schedule.everyMs) || schedule.everyMs < MIN_EVERY_MS) {
      errors.push({ field: `${at}.everyMs`, message: `${at}.everyMs must be a whole number of milliseconds, at least ${MIN_EVERY_MS}` });
    }
    if (schedule.tz !== undefined) errors.push({ field: `${at}.tz`, message: `${at}.tz is only valid with cron and at schedules` });
  } else if (kind === 'at') {
    const atMs = schedule.atMs;
    const iso = schedule.at;
    const validMs = typeof atMs === 'number' && Number.isFinite(atMs) && atMs > 0;
    const validIso = nonEmpty(iso) && Number.isFinite(Date.parse(iso));
    if (!validMs && !validIso) errors.push({ field: `${at}.at`, message: `${at} needs at (an ISO 8601 time) or atMs (epoch milliseconds)` });
  } else if (kind === 'on-exit') {
    if (!nonEmpty(schedule.command) && !(Array.isArray(schedule.argv) && schedule.argv.length > 0)) {
      errors.push({ field: `${at}.command`, message: `${at}.command is required for an on-exit schedule` });
    }
  }
}

function checkPayload(payload: unknown, at: string, errors: FieldError[]): void {
  if (!isObject(payload)) {
    errors.push({ field: at, message: `${at} must be an object like {kind: "agentTurn", message: "..."}` });
    return;
  }
  switch (payload.kind) {
    case 'agentTurn':
      if (!nonEmpty(payload.message)) errors.push({ field: `${at}.message`, message: `${at}.message is required for an agentTurn payload` });
      break;
    case 'systemEvent':
      if (!nonEmpty(payload.text)) errors.push({ field: `${at}.text`, message: `${at}.text is required for a systemEvent payload` });
      break;
    case 'command':
      if (!Array.isArray(payload.argv) || payload.argv.length === 0 || !payload.argv.every((item) => typeof item === 'string')) {
        errors.push({ field: `${at}.argv`, message: `${at}.argv must be a non-empty array of strings for a command payload` });
      }
      break;
    case 'script':
      if (!nonEmpty(payload.script)) errors.push({ field: `${at}.script`, message: `${at}.script is required for a script payload` });
      break;
    default:
      errors.push({ field: `${at}.kind`, message: `${at}.kind must be one of ${PAYLOAD_KINDS.join(', ')}` });
  }
}

/**
 * Checks a whole job list; returns every problem (field paths like `jobs[2].schedule.expr`).
 * Duplicate ids are refused: OpenClaw keys jobs, runs and state by id.
 */
export function cronJobProblems(jobs: unknown[]): FieldError[] {
  const errors: FieldError[] = [];
  if (jobs.length > MAX_CRON_JOBS) return [{ field: 'jobs', message: `at most ${MAX_CRON_JOBS} jobs` }];
  const ids = new Map<string, number>();
  jobs.forEach((job, index) => {
    const at = `jobs[${index}]`;
    if (!isObject(job)) {
      errors.push({ field: at, message: `${at} must be an object` });
      return;
    }
    if (typeof job.id !== 'string' || !JOB_ID.test(job.id)) {
      errors.push({ field: `${at}.id`, message: `${at}.id must be 1-128 letters, digits, or . _ : - (starting with a letter or digit)` });
    } else if (ids.has(job.id)) {
      errors.push({ field: `${at}.id`, message: `${at}.id "${job.id}" is already used by jobs[${ids.get(job.id)}]` });
    } else {
      ids.set(job.id, index);
    }
    if (!nonEmpty(job.name) || job.name.length > 200) errors.push({ field: `${at}.name`, message: `${at}.name is required (at most 200 characters)` });
    if (job.description !== undefined && job.description !== null && typeof job.description !== 'string') {
      errors.push({ field: `${at}.description`, message: `${at}.description must be a string` });
    }
    if (typeof job.enabled !== 'boolean') errors.push({ field: `${at}.enabled`, message: `${at}.enabled must be true or false` });
    checkSchedule(job.schedule, `${at}.schedule`, errors);
    checkPayload(job.payload, `${at}.payload`, errors);
    if (job.sessionTarget !== undefined && (typeof job.sessionTarget !== 'string' || !SESSION_TARGET.test(job.sessionTarget))) {
      errors.push({ field: `${at}.sessionTarget`, message: `${at}.sessionTarget must be main, isolated, current or session:<name>` });
    }
    if (job.wakeMode !== undefined && !WAKE_MODES.includes(job.wakeMode as (typeof WAKE_MODES)[number])) {
      errors.push({ field: `${at}.wakeMode`, message: `${at}.wakeMode must be one of ${WAKE_MODES.join(', ')}` });
    }
    if (job.state !== undefined && !isObject(job.state)) errors.push({ field: `${at}.state`, message: `${at}.state must be an object` });
    if (job.delivery !== undefined && job.delivery !== null && !isObject(job.delivery)) {
      errors.push({ field: `${at}.delivery`, message: `${at}.delivery must be an object` });
    }
    for (const key of ['createdAtMs', 'updatedAtMs'] as const) {
      if (job[key] !== undefined && (typeof job[key] !== 'number' || !Number.isFinite(job[key]))) {
        errors.push({ field: `${at}.${key}`, message: `${at}.${key} must be epoch milliseconds` });
      }
    }
  });
  return errors;
}

/** What is written for a valid job: the job as sent, with the fields OpenClaw expects filled in. */
export function normalizeCronJob(job: Json, now: number): Json {
  const createdAtMs = typeof job.createdAtMs === 'number' ? job.createdAtMs : now;
  return {
    ...job,
    name: (job.name as string).trim(),
    wakeMode: job.wakeMode ?? 'now',
    state: isObject(job.state) ? job.state : {},
    createdAtMs,
    updatedAtMs: typeof job.updatedAtMs === 'number' ? job.updatedAtMs : createdAtMs,
  };
}
