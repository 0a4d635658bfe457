import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, emptyDraft, errorsByInput } from './ruleDraft';

describe('the rule editor', () => {
  it('sends what the user typed as the API body: JSON condition values, numbers, JSON params, empty params left out', () => {
    const { body, invalidJson } = bodyOf({
      ...emptyDraft(),
      name: ' Urgent ',
      conditions: [
        { field: 'task.priority', op: 'eq', value: 'urgent' },
        { field: 'task.estimate', op: 'gt', value: '3' },
      ],
      params: { title: 'Look at {{task.title}}', confidence: '0.8', action: '{"type":"move_task","params":{"status":"review"}}', description: '' },
    });
    expect(invalidJson).toEqual([]);
    expect(body).toMatchObject({
      name: 'Urgent',
      trigger: { type: 'event', event: 'task.created' },
      conditions: [
        { field: 'task.priority', op: 'eq', value: 'urgent' },
        { field: 'task.estimate', op: 'gt', value: 3 },
      ],
      action: { type: 'create_suggestion', params: { title: 'Look at {{task.title}}', confidence: 0.8, action: { type: 'move_task', params: { status: 'review' } } } },
    });
    expect(body.action.params).not.toHaveProperty('description');
  });
  it('names a JSON param that does not parse, and sends an empty "unassign" agent as null', () => {
    expect(bodyOf({ ...emptyDraft(), actionType: 'webhook', params: { url: 'https://x', body: '{nope' } }).invalidJson).toEqual(['action.params.body']);
    expect(bodyOf({ ...emptyDraft(), actionType: 'reassign_task', params: {} }).body.action.params).toEqual({ agent_id: null });
  });
  it('reads a rule back into the form', () => {
    const draft = draftOf({
      id: '1', organization_id: 'o', board_id: null, name: 'n', description: null, trigger: { type: 'schedule', cron: '0 9 * * 1-5' },
      conditions: [{ field: 'a', op: 'in', value: ['x', 'y'] as never }], action: { type: 'move_task', params: { status: 'done' } },
      cooldown_minutes: 0, enabled: false, builtin: false, builtin_key: null, created_at: '', updated_at: '',
    });
    expect(draft).toMatchObject({ triggerType: 'schedule', cron: '0 9 * * 1-5', conditions: [{ value: '["x","y"]' }], params: { status: 'done' }, cooldown: 0 });
  });
  it('puts each API field error next to its input', () => {
    const { byInput, unplaced } = errorsByInput([
      { field: 'conditions.0.field', message: 'conditions.0.field must be a dotted path such as task.status' },
      { field: 'action.params.action.type', message: 'bad nested type' },
      { field: 'trigger.event', message: 'trigger.event must be one of …' },
      { field: 'body.name', message: 'name should not be empty' },
      { field: 'something', message: 'odd' },
    ]);
    expect(byInput).toEqual({
      'conditions.0.field': 'conditions.0.field must be a dotted path such as task.status',
      'action.params.action': 'bad nested type',
      'trigger.event': 'trigger.event must be one of …',
      name: 'name should not be empty',
    });
    expect(unplaced).toEqual(['odd']);
  });
});
