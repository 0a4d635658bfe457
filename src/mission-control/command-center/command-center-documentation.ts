/** The `/docs` section on teams, the command center and token accounting. */
export function commandCenterDocumentation(): string {
  return [
    '### Teams, command center and token accounting (M13)',
    '',
    '**Capabilities live on the agent** (`POST /api/v1/agents/{id}/capabilities {capability, proficiency 1-5}`), not on a team membership:',
    'an agent is as skilled in every team it joins. `GET /api/v1/agent-capabilities/search?capability&min_proficiency&organization_id&team_id`',
    'ranks the agents carrying it by `score` = 0.5 × proficiency/5 + 0.3 × availability (status online 1, busy 0.5, else 0) + 0.2 × 1/(1 + load),',
    'load being the open tasks assigned to the agent.',
    '',
    '**Teams** (`/api/v1/agent-teams`): `team_type` custom | task_force | review_committee | specialist_pool; members `{agent_id, role_in_team:',
    'leader | specialist | member | reviewer}`, agents of the team\'s organization (else 422 naming the field). The lead is always the member',
    'with role `leader`: naming a lead adds it as leader, giving another member `leader` moves the lead, removing the lead leaves the team without',
    'one. Adding a member twice updates the role (200). Every write is an activity row and a `team.*` domain event.',
    '',
    '**Token and cost accounting.** An agent reports usage with any event: `POST /api/v1/agent/events {event_type, task_id?, usage:',
    '{input_tokens, output_tokens, cost_usd?, model?}}`; an H5 chat run adds what the gateway\'s final `chat` event reports in `message.usage`',
    '(`{input, output, cost: {total}}`; OpenClaw 2026.9 sends zeros there, which count nothing). Reports add up per agent, UTC day, task and',
    'model (`agent_usage_daily`), shown in `GET /api/v1/metrics`, the overview, agent status and resource allocation.',
    '',
    '**Command center** (`/api/v1/command-center/*`, `?organization_id=`): each view is computed in a fixed number of queries and served',
    'from memory for 5 seconds per organization and query (`generated_at` on the summary tells its age). `communication-graph?since&until`',
    '(default the last 7 days, at most 92) counts chats (H5 user → agent), hand-offs (a task reassigned from one agent to another), approvals',
    '(requesting agent → the task\'s assignee or the deciding agent) and agent reports naming another agent (`payload.target_agent_id`,',
    '`to_agent_id`, `recipient_agent_id` or `agent_id`). `live-activity` pages the trail newest first by `cursor`; live frames come from',
    '`GET /api/v1/command-center/live-activity/stream` (Server-Sent Events, `?token=` for EventSource, `Last-Event-ID` replays what was missed).',
  ].join('\n');
}
