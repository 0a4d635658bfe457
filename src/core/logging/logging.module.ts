import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';
import { AppConfig } from '../config/app-config';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(['/health', '/healthz', '/readyz']);
// a stdout that stops reading (a stuck pipe) drops log lines past this instead of growing memory
const MAX_PENDING_LOG_BYTES = 16 * 1024 * 1024;

/**
 * stdout written asynchronously: lines that arrive while a write is in flight go out together in the next
 * one, instead of one blocking write per line on the request path. pino flushes what is pending on exit.
 */
function logDestination() {
  return pino.destination({ dest: 1, sync: false, maxLength: MAX_PENDING_LOG_BYTES });
}

/** Keeps a caller's request id when it is sane, otherwise mints one; echoed in X-Request-Id. */
export function requestIdFor(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

function httpLoggerOptions(config: AppConfig): HttpLoggerOptions {
  return {
    level: config.logLevel,
    genReqId: requestIdFor,
    autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has((request.url ?? '').split('?')[0]) },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-agent-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.access_token',
        '*.refresh_token',
      ],
      censor: '[redacted]',
    },
    // the raw request and response go straight to these (no standard serializer copying every header first)
    wrapSerializers: false,
    serializers: {
      req: (request: IncomingMessage & { id?: string; originalUrl?: string }) => ({
        id: request.id,
        method: request.method,
        // query strings may carry ?token= (browser WebSocket and download links)
        path: (request.originalUrl ?? request.url)?.split('?')[0],
        remoteAddress: request.socket?.remoteAddress,
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
    },
  };
}

/** Structured JSON request logs with a request id; credentials are redacted, query strings dropped. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: [httpLoggerOptions(config), logDestination()] }),
    }),
  ],
})
export class LoggingModule {}
