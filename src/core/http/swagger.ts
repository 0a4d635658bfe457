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

Credentials: **admin** (the local admin token or a JWT from \`POST /api/v1/auth/login\`; in clerk mode a JWT
from the configured issuer), **h5** (access token from \`POST /api/v1/h5/auth/login\`), **agent**
(\`X-Agent-Token\`, accepted only under \`/api/v1/agent\`), **panel** (JWT from \`POST /api/auth/login\`).
Every response carries \`X-Request-Id\`; every authenticated POST honours \`Idempotency-Key\`.

### WebSocket: live board sync \`/ws/board/{board_id}/sync\`

Admin credentials as \`Authorization: Bearer\` or \`?token=\`. On connect the server sends
\`{"type": "board.state", "board_id", "tasks": [Task…], "timestamp"}\`, then every change to the board's tasks,
whoever made it (REST, an agent, another socket, another instance):
\`{"type": "task.created", "task", "timestamp"}\`,
\`{"type": "task.updated", "task_id", "changes": {field: {from, to}}, "task"?, "updated_by": {"type": "user" | "agent", "id"}, "timestamp"}\`,
\`{"type": "task.deleted", "task_id", "timestamp"}\`.
Clients may send \`{"type": "task.move", "task_id", "status"}\` and
\`{"type": "task.create", "title", "status"?, "assignee_id"?, "description"?, "priority"?}\`; they go through the
same rules as REST, and a refusal answers that socket alone with
\`{"type": "error", "payload": {"code": "CONFLICT" | "VALIDATION_FAILED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST", "message"}}\`.
A refused connection gets an error frame and closes with 4401 (credentials), 4403 (another organization) or
4404 (unknown board). The server pings every 30 s; a client more than 4 MiB behind is disconnected (1013).
`.trim();

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('OpenClaw Mission Control')
    .setDescription(DESCRIPTION)
    .setVersion('3.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token or admin JWT' }, AuthScheme.Admin)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'H5 access token' }, AuthScheme.H5)
    .addApiKey({ type: 'apiKey', in: 'header', name: AGENT_TOKEN_HEADER, description: 'Agent token' }, AuthScheme.Agent)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'ClawPanel JWT' }, AuthScheme.Panel)
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
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
