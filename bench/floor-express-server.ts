/**
 * The Express floor of bench/organizations.bench.ts: the same constant answer as bench/floor-nest-server.ts
 * (a copy of a real answer of the service, see bench/floor-common.ts), from a plain Express 5 app without
 * NestJS: one route, `res.set()` of the service's headers, `res.status().send()` of the pre-built string.
 * ETag and X-Powered-By are off as in the service. Between this server and the NestJS floor lies what Nest
 * adds per request; between this server and the bare server lies Express plus the database work.
 *
 * Configuration: FLOOR_RESPONSE_FILE, FLOOR_HOST, FLOOR_PORT (bench/floor-common.ts).
 */
import express from 'express';
import type { Server } from 'node:http';
import { announce, exitOnSignal, FLOOR_PATH, listenConfig, loadFloorResponse } from './floor-common';

const RESPONSE = loadFloorResponse();
const HEADERS = Object.fromEntries(RESPONSE.headers);

async function main(): Promise<void> {
  const { host, port } = listenConfig();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get(FLOOR_PATH, (_request, response) => {
    response.set(HEADERS);
    response.status(RESPONSE.status).send(RESPONSE.body);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  announce(server.address());
  exitOnSignal(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`floor-express-server: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
