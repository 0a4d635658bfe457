/**
 * The NestJS floor of bench/organizations.bench.ts: the least a NestJS 12 + @nestjs/platform-express app
 * can do for `GET /api/v1/organizations`. One module, one controller, one handler that returns a constant,
 * pre-built JSON string (a copy of a real answer of the service, see bench/floor-common.ts) with the
 * service's headers set by `@Header()`. No database, no guard, no pipe, no interceptor, no filter, no
 * middleware, no body parser, no logger; ETag and X-Powered-By off as in the service (src/bootstrap.ts).
 *
 * What is left is the mandated stack's own per-request path: Node's HTTP server, the Express app and
 * router, Nest's route handler (execution context, the empty guard/pipe/interceptor chains, the response
 * controller, `@Header()`), and `res.send()`. The service cannot answer faster than this on the same
 * machine, so its ratio to the bare server cannot exceed this server's ratio.
 *
 * Configuration: FLOOR_RESPONSE_FILE, FLOOR_HOST, FLOOR_PORT (bench/floor-common.ts).
 */
import 'reflect-metadata';
import { applyDecorators, Controller, Get, Header, HttpCode, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { announce, exitOnSignal, FLOOR_PATH, listenConfig, loadFloorResponse } from './floor-common';

// read before the controller is declared: its decorators take the headers as constants
const RESPONSE = loadFloorResponse();

@Controller(FLOOR_PATH.slice(1))
class FloorController {
  @Get()
  @HttpCode(RESPONSE.status)
  @applyDecorators(...RESPONSE.headers.map(([name, value]) => Header(name, value)))
  list(): string {
    return RESPONSE.body;
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const { host, port } = listenConfig();
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  app.set('etag', false);
  await app.listen(port, host);
  announce(app.getHttpServer().address());
  exitOnSignal(() => app.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`floor-nest-server: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
