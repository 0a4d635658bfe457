import { CONDITION_OPS } from '../../core/expressions/expression';
import { ACTION_PARAMS_DOCUMENTATION, ACTION_TYPES } from '../suggestions/actions/action-types';
import { BUILTIN_RULES } from './builtin-rules';

/** The `/docs` section on suggestions, their stream and the proactive rules. */
export function proactiveDocumentation(): string {
  return [
    '### Suggestions and proactive rules (M8)',
    '',
    'A suggestion comes from an agent (`POST /api/v1/agent/suggestions`) or a rule. `accept` runs its `action` with the executors of rule',
    'actions (then `executed`, or `failed` with `result.error`; `accepted` when it has none); `dismiss` records the decision; either takes',
    '`{reason?}` and a second decision is 409. Undecided suggestions expire at `expires_at` (SUGGESTION_TTL_MINUTES, or the rule\'s',
    '`expires_in_minutes`). Each new suggestion is an activity row, a `{"type": "suggestion.new", "suggestion"}` frame on its board\'s sync',
    'socket (decisions and expiry: `suggestion.updated`) and an event on the SSE stream.',
    '',
    '**SSE: `GET /api/v1/suggestions/stream`.** Admin credentials as `Authorization: Bearer` or `?token=` (EventSource cannot set',
    'headers); optional `organization_id`, `board_id`. Frames: `id: <n>` + `data: {"type":"suggestion.new","suggestion":{…}}`, and',
    '`data: {"type":"keepalive"}` every 15 s. On reconnect, `Last-Event-ID: <n>` replays what came after it (the newest 1000 at most) from',
    'the database, on any instance. A client more than 1 MiB behind is disconnected; reconnecting catches it up.',
    '',
    '**Rules.** `trigger`: `{type: "event", event}` (any event of the catalogue above) or `{type: "schedule", cron, timezone?}` (checked',
    `every minute). \`conditions\`: \`[{field, op, value}]\`, all must hold; \`field\` is a dotted path into the event payload, ops ${CONDITION_OPS.join(', ')}.`,
    '`cooldown_minutes` (default 60, 0 = none): at most one firing per rule and target (the task, approval, agent or gateway of the event; a',
    'board for the WIP rule; the rule itself for schedules). Each firing happens once, even after a crash or on several instances, and',
    'writes a `rule.fired` activity row (a failure that retries cannot fix: `rule.failed`) and, where a board is involved, a `rule.fired` /',
    '`rule.failed` frame on its sync socket. What a rule does is recorded with actor `{type: "system", id: <rule id>}`; a rule never',
    'reacts to its own effects. Text params take `{{path}}` template fields filled from the event payload (a field read, nothing evaluated).',
    '',
    '| action | params |',
    '|---|---|',
    ...ACTION_TYPES.map((type) => `| \`${type}\` | \`${ACTION_PARAMS_DOCUMENTATION[type]}\` |`),
    '',
    'A webhook carries `Idempotency-Key` (the same on every retry of one firing) and is retried with back-off on 408, 429, 5xx and network',
    'errors; other answers, and hosts outside OUTBOUND_ALLOWED_HOSTS, fail it at once.',
    '',
    '**Built-in rules** (listed with every organization\'s rules, `builtin: true`; each organization toggles or tunes its own; deleting or',
    'changing the trigger, action or board is 409). The scans behind `task.overdue`, `task.review_stale` and `agent.idle` run every minute.',
    '',
    '| key | name | trigger | what it does |',
    '|---|---|---|---|',
    ...BUILTIN_RULES.map((rule) => `| \`${rule.key}\` | ${rule.name} | \`${rule.trigger.type === 'event' ? rule.trigger.event : rule.trigger.cron}\` | ${rule.description} |`),
  ].join('\n');
}
