import type { PipelineTrigger, StageDefinition } from './definition';

export interface PipelineTemplate {
  key: string;
  name: string;
  description: string;
  trigger: PipelineTrigger;
  stages: StageDefinition[];
  /** What a run of it reads; every field is optional (each stage has a fallback). */
  input_example: Record<string, unknown>;
}

const AGENT = '<an agent id of the organization>';

/**
 * The built-in pipelines (`POST /pipelines {template}` copies one). Each runs as shipped on any board: agents
 * come from the run's input (a task without one is unassigned), and every variable has a fallback.
 */
export const PIPELINE_TEMPLATES: readonly PipelineTemplate[] = [
  {
    key: 'code_review',
    name: 'Code review',
    description: 'An agent implements a change, another reviews it, and a person approves the merge; a rejection sends the change back to the implementer.',
    trigger: { type: 'manual' },
    stages: [
      {
        key: 'implement',
        name: 'Implement',
        type: 'ai_task',
        config: { title: 'Implement: {{input.title | the change}}', description: '{{input.description}}', agent_id: '{{input.agent_id}}', priority: 'high', send_to_agent: true },
      },
      {
        key: 'review',
        name: 'Code review',
        type: 'ai_task',
        config: {
          title: 'Review: {{input.title | the change}}',
          description: 'Review the change of task {{stages.implement.output.task_id}} and report what must change.',
          agent_id: '{{input.reviewer_id}}',
          send_to_agent: true,
        },
      },
      { key: 'merge', name: 'Merge approval', type: 'approval', config: { action_type: 'code.merge', task: 'implement', on_rejected: 'implement', payload: { title: '{{input.title}}' } } },
    ],
    input_example: { title: 'Fix the login redirect', description: 'Users land on /home instead of the page they asked for.', agent_id: AGENT, reviewer_id: AGENT },
  },
  {
    key: 'release',
    name: 'Release',
    description: 'Release notes are written and signed off; the deploy hook is called when the input names one; a person confirms the release is live.',
    trigger: { type: 'manual' },
    stages: [
      { key: 'notes', name: 'Release notes', type: 'ai_task', config: { title: 'Write the release notes for {{input.version | the release}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
      { key: 'sign_off', name: 'Release sign-off', type: 'approval', config: { action_type: 'release.approve', task: 'notes', payload: { version: '{{input.version}}' } } },
      { key: 'has_deploy_hook', name: 'Deploy hook given?', type: 'condition', config: { expression: 'input.deploy_hook_url', on_false: 'confirm' } },
      {
        key: 'deploy',
        name: 'Deploy',
        type: 'webhook',
        config: { url: '{{input.deploy_hook_url}}', body: { version: '{{input.version}}', run_id: '{{run.id}}', notes_task_id: '{{stages.notes.output.task_id}}' } },
      },
      { key: 'confirm', name: 'Confirm the release is live', type: 'manual', config: { instructions: 'Check that {{input.version | the release}} is live, then advance the run.' } },
    ],
    input_example: { version: '2.4.0', agent_id: AGENT, deploy_hook_url: 'https://ci.example.com/hooks/deploy' },
  },
  {
    key: 'onboarding',
    name: 'Onboarding',
    description: 'Accounts and a first-week guide for a new member, a welcome meeting, then a check-in after the first week.',
    trigger: { type: 'manual' },
    stages: [
      { key: 'accounts', name: 'Accounts', type: 'ai_task', config: { title: 'Set up the accounts of {{input.name | the new member}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
      { key: 'guide', name: 'First-week guide', type: 'ai_task', config: { title: 'Write a first-week guide for {{input.name | the new member}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
      { key: 'welcome', name: 'Welcome meeting', type: 'manual', config: { instructions: 'Hold the welcome meeting with {{input.name | the new member}}, then advance the run.' } },
      { key: 'first_week', name: 'First week', type: 'delay', config: { seconds: '{{input.check_in_after_seconds | 604800}}' } },
      { key: 'check_in', name: 'Check-in', type: 'ai_task', config: { title: 'First-week check-in with {{input.name | the new member}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
    ],
    input_example: { name: 'Ada', agent_id: AGENT, check_in_after_seconds: 604800 },
  },
  {
    key: 'incident',
    name: 'Incident response',
    description: 'Triage; a war room for sev1 and sev2; resolution; a watch period; then the post-mortem.',
    trigger: { type: 'manual' },
    stages: [
      { key: 'triage', name: 'Triage', type: 'ai_task', config: { title: 'Triage: {{input.title | incident}}', description: '{{input.description}}', agent_id: '{{input.agent_id}}', priority: 'urgent', send_to_agent: true } },
      { key: 'severe', name: 'Severe?', type: 'condition', config: { expression: 'input.severity in ["sev1", "sev2"]', on_false: 'resolve' } },
      { key: 'war_room', name: 'War room', type: 'manual', config: { instructions: 'Open a war room for {{input.title | the incident}} and page the owners, then advance the run.' } },
      { key: 'resolve', name: 'Resolve', type: 'ai_task', config: { title: 'Resolve: {{input.title | incident}}', agent_id: '{{input.agent_id}}', priority: 'urgent', send_to_agent: true } },
      { key: 'observe', name: 'Watch period', type: 'delay', config: { seconds: '{{input.observe_seconds | 1800}}' } },
      { key: 'postmortem', name: 'Post-mortem', type: 'manual', config: { instructions: 'Write and share the post-mortem, then advance the run.' } },
    ],
    input_example: { title: 'Checkout errors', severity: 'sev2', agent_id: AGENT, observe_seconds: 1800 },
  },
  {
    key: 'content_approval',
    name: 'Content approval',
    description: 'An agent drafts, an editor approves (a rejection sends the draft back), an agent publishes.',
    trigger: { type: 'manual' },
    stages: [
      { key: 'draft', name: 'Draft', type: 'ai_task', config: { title: 'Draft: {{input.title | the piece}}', description: '{{input.brief}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
      { key: 'editorial', name: 'Editorial approval', type: 'approval', config: { action_type: 'content.publish', task: 'draft', on_rejected: 'draft', payload: { title: '{{input.title}}' } } },
      { key: 'publish', name: 'Publish', type: 'ai_task', config: { title: 'Publish: {{input.title | the piece}}', agent_id: '{{input.agent_id}}', send_to_agent: true } },
    ],
    input_example: { title: 'Spring launch post', brief: '600 words, friendly, link the docs.', agent_id: AGENT },
  },
];

export function templateOf(key: string): PipelineTemplate | undefined {
  return PIPELINE_TEMPLATES.find((template) => template.key === key);
}
