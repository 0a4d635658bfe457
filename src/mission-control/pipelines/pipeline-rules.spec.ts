import { StageDefinition } from './definition';
import { definitionProblems, normalizeTrigger } from './pipeline-rules';
import { PIPELINE_TEMPLATES } from './templates';

const allowAll = () => undefined;
const stage = (key: string, type: StageDefinition['type'], config: Record<string, unknown> = {}): StageDefinition => ({ key, name: key, type, config });
const fieldsOf = (input: Partial<Parameters<typeof definitionProblems>[0]>) =>
  definitionProblems({ boardId: 'b', trigger: { type: 'manual' }, stages: [], urlRefusal: allowAll, ...input }).map((problem) => problem.field);

describe('pipeline definitions', () => {
  it('accepts a well-formed pipeline', () => {
    const stages = [
      stage('draft', 'ai_task', { title: 'Draft {{input.title}}', agent_id: '{{input.agent_id}}' }),
      stage('check', 'condition', { expression: 'input.urgent == true', on_false: 'review' }),
      stage('notify', 'webhook', { url: 'https://hooks.example.com/x' }),
      stage('review', 'approval', { action_type: 'publish', task: 'draft', on_rejected: 'draft' }),
      stage('wait', 'delay', { seconds: '{{input.wait | 5}}' }),
    ];
    expect(fieldsOf({ stages, trigger: { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Asia/Shanghai' } })).toEqual([]);
  });

  it('names each field that is wrong', () => {
    const stages = [
      stage('a', 'condition', { expression: 'input.x ==', on_true: 'nowhere', on_false: 'a' }),
      stage('a', 'manual'),
      stage('hook', 'webhook', { url: 'https://evil.example.org/' }),
      stage('ok', 'approval', { action_type: 'x', task: 'hook', on_rejected: 'somewhere' }),
      stage('title', 'ai_task', { title: '{{ input.x() }}' }),
    ];
    const fields = definitionProblems({ boardId: null, trigger: { type: 'manual' }, stages, urlRefusal: (url) => (url.includes('evil') ? 'is not in OUTBOUND_ALLOWED_HOSTS' : undefined) });
    expect(fields.map((problem) => problem.field)).toEqual([
      'stages.0.config.expression',
      'stages.0.config.on_true',
      'stages.0.config.on_false',
      'stages.1.key',
      'stages.2.config.url',
      'board_id',
      'stages.3.config.task',
      'stages.3.config.on_rejected',
      'stages.4.config.title',
    ]);
    expect(fields.find((problem) => problem.field === 'stages.2.config.url')?.message).toContain('OUTBOUND_ALLOWED_HOSTS');
  });

  it('checks triggers: the fields of their type only, cron and time zone', () => {
    expect(fieldsOf({ trigger: { type: 'manual', event: 'task.created' } })).toEqual(['trigger.event']);
    expect(fieldsOf({ trigger: { type: 'schedule', cron: '61 * * * *' } })).toEqual(['trigger.cron']);
    expect(fieldsOf({ trigger: { type: 'schedule', cron: '0 9 * * *', timezone: 'Mars/Base' } })).toEqual(['trigger.timezone']);
    expect(normalizeTrigger({ type: 'schedule', cron: ' 0 9 * * * ' })).toEqual({ type: 'schedule', cron: '0 9 * * *', timezone: 'UTC' });
  });

  it('ships templates that are valid pipelines', () => {
    expect(PIPELINE_TEMPLATES.map((template) => template.key)).toEqual(['code_review', 'release', 'onboarding', 'incident', 'content_approval']);
    for (const template of PIPELINE_TEMPLATES) expect(fieldsOf({ trigger: template.trigger, stages: template.stages })).toEqual([]);
  });
});
