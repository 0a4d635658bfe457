import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AGENT_TOKEN_HEADER, AuthScheme } from '../auth/auth-scheme';
import { IDEMPOTENCY_HEADER } from './idempotency/idempotency.interceptor';

const DESCRIPTION = `
Two APIs in one service.

* **Mission Control** (\`/api/v1\`): errors are \`{"detail": "..."}\`; field validation failures are 422 with
  \`errors: [{field, message}]\`; malformed JSON is 400; bodies over the limit are 413. Lists take \`limit\`
  (default 20, max 100) and \`offset\`, answer \`{items, total, page, size}\` and set \`X-Total-Count\`,
  \`X-Limit\` and \`X-Offset\`. Ids are UUIDs; a malformed id in a path is 422.
* **ClawPanel** (\`/api\`): answers \`{ok: true, ...}\` or \`{ok: false, error}\` with the matching HTTP status.
* Both: text PostgreSQL cannot store (NUL, lone UTF-16 surrogates, query escapes that are not UTF-8) and bodies nested
  over 64 levels are refused once the credentials are checked: 422 naming \`query.x\`, \`path.x\` or \`body.x.y\` on
  Mission Control, 400 on the panel. A body that is not a JSON object where one is expected is 400.

Credentials: **admin** (the local admin token or a JWT from \`POST /api/v1/auth/login\`; in clerk mode a JWT
from the configured issuer), **h5** (access token from \`POST /api/v1/h5/auth/login\`), **agent**
(\`X-Agent-Token\`, accepted only under \`/api/v1/agent\`), **panel** (JWT from \`POST /api/auth/login\`), **gateway**
(the relay token a gateway received at registration; heartbeat and deregister only).
Every response carries \`X-Request-Id\`; every authenticated POST honours \`Idempotency-Key\`.

### WebSocket: live board sync \`/ws/board/{board_id}/sync\`

Admin credentials as \`Authorization: Bearer\` or \`?token=\`. On connect the server sends
\`{"type": "board.state", "board_id", "tasks": [Task…], "timestamp"}\`, then every change to the board's tasks,
whoever made it (REST, an agent, another socket, another instance):
\`{"type": "task.created", "task", "timestamp"}\`,
\`{"type": "task.updated", "task_id", "changes": {field: {from, to}}, "task"?, "updated_by": {"type": "user" | "agent", "id"}, "timestamp"}\`,
\`{"type": "task.deleted", "task_id", "timestamp"}\`, and the board's suggestions and rule firings:
\`{"type": "suggestion.new" | "suggestion.updated", "suggestion"}\`, \`{"type": "rule.fired" | "rule.failed", "rule", "action", "target", "suggestion_id", "error"?, "timestamp"}\`,
and each step of the board's pipeline runs: \`{"type": "pipeline.run_updated", "run": PipelineRun, "stage": "<key>" | null, "timestamp"}\`.
Clients may send \`{"type": "task.move", "task_id", "status"}\` and
\`{"type": "task.create", "title", "status"?, "assignee_id"?, "description"?, "priority"?}\`; they go through the
same rules as REST, and a refusal answers that socket alone with
\`{"type": "error", "payload": {"code": "CONFLICT" | "VALIDATION_FAILED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST", "message"}}\`.
A refused connection gets an error frame and closes with 4401 (credentials), 4403 (another organization) or
4404 (unknown board). The server pings every 30 s; a client more than 4 MiB behind is disconnected (1013).

### WebSocket: H5 chat \`/ws/h5/chat\`

First frame \`{"type": "auth", "payload": {"token": "<h5 access token>"}}\` (or \`?token=\` on the URL), answered by
\`{"type": "auth_ok", "payload": {"user_id", "assignments": [{agent_id, agent_name, agent_status, gateway_id, board_id, role}]}}\`
or \`{"type": "auth_error", "payload": {"reason": "invalid_token" | "auth_required"}}\` and close 4401. A later \`auth\`
frame with a fresh token renews an open socket (access tokens live 15 minutes).
Send \`{"type": "chat", "id": "<uuid you choose>", "payload": {"agent_id", "content", "session_id"?}}\`. A
\`session_id\` the service has not seen starts a new session under that id (the client chooses it, from the first
message on); one of your sessions with that agent continues it; another user's, or yours with another agent, is
\`SESSION_NOT_FOUND\` (nothing of it is shown or changed). It must be a UUID in the usual 8-4-4-4-12 hex form (any
version, any case; answers carry it in lower case), not the nil or max UUID; anything else is \`INVALID_FRAME\`. Two
first frames naming the same new id at once end in one session. Without \`session_id\` the latest session with that
agent is used (or a new one with an id the service picks). The gateway never sees the id: each session has its own
gateway session key. Retrying a frame with the same \`id\` never sends it to the gateway twice: a finished answer is
sent again, one in progress keeps streaming, a failed one is tried again.
The agent's answer arrives as \`{"type": "chat", "id": "<answer id>", "payload": {"agent_id", "session_id", "role": "agent",
"state", "content", "delta"?, "reply_to": "<your id>", "created_at"}}\`: **\`state: "delta"\` frames are partial** (\`content\`
holds the whole text so far, \`delta\` the new part; replace by \`id\`), and exactly one **\`state: "final"\`** frame closes
the answer. Every socket of the same user receives the answer. \`{"type": "heartbeat", "id"}\` goes both ways every 30 s
(a client's heartbeat is echoed). \`{"type": "system", "payload": {"event": "agent_offline" | "agent_online", "agent_id"}}\`
follows the agent's gateway. Refusals: \`{"type": "error", "id"?: "<your frame id>", "payload": {"code", "message",
"session_id"?}}\` with code \`AGENT_UNAVAILABLE\` (no gateway, the run failed or timed out), \`GATEWAY_OFFLINE\` (gateway
unreachable, or it went away mid-reply), \`SESSION_NOT_FOUND\`, \`ASSIGNMENT_NOT_FOUND\`, \`AUTH_REQUIRED\`, \`INVALID_TOKEN\`
or \`INVALID_FRAME\`; the socket stays usable. History: \`GET /api/v1/h5/chat/sessions\` and \`…/sessions/{id}/messages\`.

### WebSocket: gateway relay \`/ws/gateway/{gateway_id}/relay\`

For a gateway that registered (\`POST /api/v1/gateway-registry/register\`); the project's connector
(\`npm run connector\`) speaks it. First frame \`{"type": "auth", "payload": {"relay_token"}}\` →
\`{"type": "auth_ok", "payload": {"gateway_id", "config": {"heartbeat_interval_seconds", "rpc_timeout_ms"}}}\` or
\`auth_error\` (\`invalid_token\` → close 4401, \`unknown_gateway\` → 4404). Then the server sends
\`{"type": "rpc", "id", "payload": {"method", "params", "timeout_ms"}}\` (any OpenClaw gateway method) and the connector
answers \`{"type": "rpc_result", "id", "payload": {"ok": true, "result"} | {"ok": false, "error": {"code", "message"}}}\`;
the connector pushes the gateway's chat events as \`{"type": "event", "payload": {"event": "chat", "data"}}\` and its own
state as \`{"type": "status", "payload": {"gateway_connected", "gateway_version"?, "rtt_ms"?}}\`; \`heartbeat\` frames are
answered with \`heartbeat_ack\`. A newer relay connection of the same gateway replaces the older one (4409).

### WebSocket: ClawPanel \`/ws?token=<panel JWT>\`

Frames \`{"type", "data"}\` as things happen, from any instance: \`napcat-status\` (QQ bridge state, as in
\`GET /api/status\` \`napcat\`), \`wechat-status\`, \`event\` (each OneBot event but heartbeats), \`wechat-event\` (each
received WeChat message) and \`log-entry\` (each new activity log entry, as listed by \`GET /api/events\`). A missing or
invalid token closes the socket with 4401.

### WebSocket: OneBot 11 proxy \`/onebot\`

For an OpenClaw on the host: each client gets its own upstream connection to \`ONEBOT_WS_URL\` (NapCat) and frames are
relayed both ways in order (frames up to 50 MB). Unlike the old panel it requires the OneBot access token
(\`Authorization: Bearer <ONEBOT_ACCESS_TOKEN>\` or \`?access_token=\`): a wrong one gets NapCat's \`retcode 1403\`
frame and close 4401; with no \`ONEBOT_ACCESS_TOKEN\` configured every client is refused.
`.trim();

/** `sections` are further Markdown parts of the description, written by the modules they describe. */
export function buildOpenApiDocument(app: INestApplication, sections: string[] = []): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('OpenClaw Mission Control')
    .setDescription([DESCRIPTION, ...sections].join('\n\n'))
    .setVersion('3.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token or admin JWT' }, AuthScheme.Admin)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'H5 access token' }, AuthScheme.H5)
    .addApiKey({ type: 'apiKey', in: 'header', name: AGENT_TOKEN_HEADER, description: 'Agent token' }, AuthScheme.Agent)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'ClawPanel JWT' }, AuthScheme.Panel)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Relay token a gateway received at registration (relay_…)' }, AuthScheme.Gateway)
    .build();
  return withIdempotencyHeader(SwaggerModule.createDocument(app, config));
}

/** Every authenticated POST honours Idempotency-Key (see IdempotencyInterceptor): say so on each. */
function withIdempotencyHeader(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post?.security?.length) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: IDEMPOTENCY_HEADER,
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9._:-]{1,200}$' },
        description:
          'Makes a retry safe: the same key with the same request returns the first answer (Idempotent-Replayed: true) ' +
          'for 24 hours; the same key with another request is 422; while the first is still running, 409.',
      },
    ];
  }
  return document;
}

/** Swagger UI at /docs, the document at /docs-json. */
export function setupSwagger(app: INestApplication, sections: string[] = []): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, sections), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
