import { describe, expect, it } from 'vitest';
import { newStage, toBody, toDraft, type Pipeline } from './pipeline-draft';

const pipeline = (stages: Pipeline['stages'], trigger: Pipeline['trigger'] = { type: 'manual' }): Pipeline => ({
  id: '7d8f7a6e-0000-4000-8000-000000000001',
  organization_id: '7d8f7a6e-0000-4000-8000-000000000002',
  board_id: null,
  name: 'Release',
  description: null,
  trigger,
  stages,
  enabled: true,
  template: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});
const label = (field: string) => field;
const invalid = (field: string) => `invalid ${field}`;

describe('pipeline editor draft', () => {
  it('gives back the stages and trigger it was made from', () => {
    const stages = [
      { key: 'notes', name: 'Notes', type: 'ai_task', config: { title: 'Notes for {{input.version}}', priority: 'high', send_to_agent: true } },
      { key: 'wait', name: 'Wait', type: 'delay', config: { seconds: 3600 } },
      { key: 'later', name: 'Later', type: 'delay', config: { seconds: '{{input.wait | 60}}' } },
      { key: 'hook', name: 'Hook', type: 'webhook', config: { url: 'https://ci.example.com/hook', body: { version: '{{input.version}}' }, timeout_seconds: 5 } },
    ] as Pipeline['stages'];
    const body = toBody(toDraft(pipeline(stages, { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Asia/Shanghai' })), label, invalid);
    expect(body.stages).toEqual(stages);
    expect(body.trigger).toEqual({ type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Asia/Shanghai' });
    expect(body.description).toBeNull();
  });

  it('leaves out empty settings and names a JSON setting that does not parse', () => {
    const draft = toDraft(pipeline([{ key: 'sign_off', name: 'Sign-off', type: 'manual', config: {} }]));
    const added = newStage('approve', 'Approve');
    draft.stages.push({ ...added, type: 'approval', values: { action_type: 'release.approve', on_approved: '  ', payload: '{"version": ' } });
    expect(() => toBody(draft, label, invalid)).toThrow('invalid Approve · payload');
    draft.stages[1]!.values.payload = '';
    expect(toBody(draft, label, invalid).stages![1]).toEqual({ key: 'approve', name: 'Approve', type: 'approval', config: { action_type: 'release.approve' } });
  });
});
