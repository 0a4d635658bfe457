import { cronExpressionProblem } from '../../../core/jobs/cron';
import { cronJobProblems, normalizeCronJob } from './cron-validation';

const job = (extra: object = {}) => ({
  id: 'daily',
  name: 'Daily report',
  enabled: true,
  schedule: { kind: 'cron', expr: '0 9 * * *' },
  sessionTarget: 'isolated',
  payload: { kind: 'agentTurn', message: 'Report' },
  ...extra,
});

describe('cron job validation', () => {
  it('accepts the job kinds OpenClaw stores', () => {
    expect(
      cronJobProblems([
        job(),
        job({ id: 'sec', schedule: { kind: 'cron', expr: '*/10 * * * * *', tz: 'Europe/Berlin' } }),
        job({ id: 'every', schedule: { kind: 'every', everyMs: 60_000, anchorMs: 0 }, payload: { kind: 'systemEvent', text: 'tick' }, sessionTarget: 'main', wakeMode: 'next-heartbeat' }),
        job({ id: 'at', schedule: { kind: 'at', atMs: 1_800_000_000_000 }, payload: { kind: 'script', script: 'json({})' } }),
        job({ id: 'cmd', payload: { kind: 'command', argv: ['echo', 'hi'] }, sessionTarget: 'session:standup', delivery: { mode: 'none' } }),
      ]),
    ).toEqual([]);
  });

  it('names every problem with its field path', () => {
    expect(cronJobProblems([job({ schedule: { kind: 'cron', expr: '0 25 * * *' } }), job({ name: '', enabled: 1 })]).map((e) => e.field)).toEqual([
      'jobs[0].schedule.expr',
      'jobs[1].id',
      'jobs[1].name',
      'jobs[1].enabled',
    ]);
    expect(cronJobProblems([job({ schedule: { kind: 'every', everyMs: 5000, tz: 'UTC' } })])).toEqual([
      { field: 'jobs[0].schedule.tz', message: 'jobs[0].schedule.tz is only valid with cron and at schedules' },
    ]);
  });

  it('checks cron expressions the way croner (OpenClaw’s parser) reads them', () => {
    expect(cronExpressionProblem('0 9 * * 1-5')).toBeUndefined();
    expect(cronExpressionProblem('0 9 15 * +1')).toBeUndefined();
    expect(cronExpressionProblem('0 9 * *')).toBe('must have 5 or 6 fields, not 4');
    expect(cronExpressionProblem('0 9 * * 8-9')).toEqual(expect.any(String));
  });

  it('fills in what OpenClaw expects and keeps everything else', () => {
    expect(normalizeCronJob({ ...job(), name: ' x ', custom: { a: 1 } }, 42)).toEqual({ ...job(), name: 'x', custom: { a: 1 }, wakeMode: 'now', state: {}, createdAtMs: 42, updatedAtMs: 42 });
  });
});
